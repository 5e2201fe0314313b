import type { Request, Response } from 'express';
import { CSRF_COOKIE, SESSION_COOKIE } from '@cdlp/shared';

/**
 * Sets the cookies of a new session, for every way of logging in (password, ProConnect). The
 * session cookie is unreadable by scripts; the CSRF cookie is read by the web and echoed in a
 * header on every state-changing request (double submit).
 */
export function setSessionCookies(req: Request, res: Response, token: string, csrfToken: string): void {
  const secure = req.secure;
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
  res.cookie(CSRF_COOKIE, csrfToken, { httpOnly: false, sameSite: 'strict', secure, path: '/' });
}

export function clearSessionCookies(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { path: '/' });
  res.clearCookie(CSRF_COOKIE, { path: '/' });
}
