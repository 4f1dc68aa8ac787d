// Types for tables.mjs, which apps/server/test/docs.test.ts imports.
export interface GeneratedRegion {
  file: string
  name: string
  render: () => string
}
export declare const GENERATED: GeneratedRegion[]
export declare function fill(text: string, name: string, content: string): string
export declare function openapiJson(): string
export declare function routesTable(): string
export declare function errorsTable(): string
export declare function errcodesTable(): string
