export { startSimulator } from './simulator.js'
export { devOpenid } from './dev-openid.js'
export { ENDPOINTS } from './types.js'
export { InputError } from './validate.js'
export type {
  AppCredentials,
  ContentRules,
  Endpoint,
  FaultSpec,
  LoginCodeInput,
  PhoneCodeInput,
  PushRecord,
  PushTarget,
  Simulator,
  SimulatorOptions,
  SimulatorStats,
} from './types.js'
