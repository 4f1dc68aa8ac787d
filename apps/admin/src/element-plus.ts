import type { App, Plugin } from 'vue'
import {
  ElAlert,
  ElAside,
  ElAvatar,
  ElButton,
  ElCard,
  ElCol,
  ElContainer,
  ElDatePicker,
  ElDescriptions,
  ElDescriptionsItem,
  ElDivider,
  ElForm,
  ElFormItem,
  ElHeader,
  ElIcon,
  ElInput,
  ElLoading,
  ElMain,
  ElMenu,
  ElMenuItem,
  ElOption,
  ElPagination,
  ElRadioButton,
  ElRadioGroup,
  ElRow,
  ElSelect,
  ElTable,
  ElTableColumn,
  ElTag,
  provideGlobalConfig,
  type ConfigProviderContext,
} from 'element-plus'

/**
 * The Element Plus components the console's templates use (and `v-loading`). A production build
 * renders a component missing here as an empty unknown element, silently, so
 * tests/element-plus.test.ts checks every `<el-…>` tag in src against this list. ElMessage and
 * ElMessageBox are imported where they are called.
 */
export const USED_COMPONENTS = [
  ElAlert,
  ElAside,
  ElAvatar,
  ElButton,
  ElCard,
  ElCol,
  ElContainer,
  ElDatePicker,
  ElDescriptions,
  ElDescriptionsItem,
  ElDivider,
  ElForm,
  ElFormItem,
  ElHeader,
  ElIcon,
  ElInput,
  ElLoading,
  ElMain,
  ElMenu,
  ElMenuItem,
  ElOption,
  ElPagination,
  ElRadioButton,
  ElRadioGroup,
  ElRow,
  ElSelect,
  ElTable,
  ElTableColumn,
  ElTag,
]

/**
 * Registers them and sets the global locale, as `app.use(ElementPlus, { locale })` would. Not
 * through the library's `makeInstaller`: a bundle that calls its installer keeps every component
 * of the library (1.2 MB of JavaScript instead of about 0.55).
 */
export const elementPlus: Plugin<[ConfigProviderContext]> = {
  install(app: App, config: ConfigProviderContext) {
    for (const component of USED_COMPONENTS) app.use(component)
    provideGlobalConfig(config, app, true)
  },
}
