// The validators are devDependencies (deploy/README.md lists them). Until they are installed a
// suite is skipped with the reason in its title, so a missing validator is never a silent pass.
export async function optionalImport<T>(specifier: string): Promise<T | string> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    return `${specifier} not installed (${(error as Error).message.split('\n')[0]})`;
  }
}

export function missing(...loaded: unknown[]): string | undefined {
  const reasons = loaded.filter((m): m is string => typeof m === 'string');
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}
