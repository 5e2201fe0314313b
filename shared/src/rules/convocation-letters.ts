/** A member without an e-mail address is convened by letter (CONV-1): a blank address counts as none. */
export function hasEmailAddress(email: string | null | undefined): boolean {
  return typeof email === 'string' && email.trim().length > 0;
}
