export function releaseApiProblem(name: string, value: string | undefined): string | null
export function assertReleaseApiBases(env: Record<string, string | undefined>): void
