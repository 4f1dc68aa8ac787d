export declare const MINIAPP_DIR: string
export declare const REPO_DIR: string
export declare const SERVER_MAIN: string

export interface Stack {
  apiUrl: string
  simUrl: string
  log(): string
  stop(): Promise<void>
  /** Runs the server's admin CLI on the same store, e.g. adminCli('grant', userId). */
  adminCli(...args: string[]): Promise<string>
}

export interface JsonResponse {
  status: number
  body: any
  headers: Record<string, string | string[] | undefined>
}

export declare function freePort(): Promise<number>
export declare function startStack(options?: {
  corsOrigins?: string[]
  env?: Record<string, string>
}): Promise<Stack>
export declare function httpJson(
  method: string,
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<JsonResponse>
export declare function postJson(url: string, body?: unknown): Promise<JsonResponse>
export declare function mintLoginCode(
  simUrl: string,
  openid?: string,
): Promise<{ code: string; openid: string }>
