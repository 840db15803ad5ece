/**
 * Whether a USER / config.User value runs as root: `root`, `0`, `0:0`, `root:staff`, or empty (the runtime's
 * default is root). The group part does not matter; uid 0 is what the kernel trusts.
 */
export function isRootUser(user: string): boolean {
  const name = user.split(':', 1)[0]!.trim();
  return name === '' || name === 'root' || /^0+$/.test(name);
}
