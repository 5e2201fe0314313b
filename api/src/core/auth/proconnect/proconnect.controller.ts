import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { LoginMethodsDto, PROCONNECT_BINDING_COOKIE, PROCONNECT_REFUSAL_PATH, ProConnectRefusal } from '@cdlp/shared';
import { LoginThrottleNavigation, isThrottled } from '../login-throttler.guard';
import { Public } from '../permission.decorator';
import { readCookie } from '../session.guard';
import { setSessionCookies } from '../session-cookies';
import { PROCONNECT_ATTEMPT_MINUTES, ProConnectService } from './proconnect.service';

const BINDING_PATH = '/api/auth/proconnect';

/**
 * ProConnect login routes. They are browser navigations (the button, then ProConnect's redirect
 * back), so they answer redirects: to ProConnect, to the page asked for, or to the refusal page
 * of the web app with the reason in `?motif=`.
 */
@ApiTags('auth')
@Controller('auth')
export class ProConnectController {
  constructor(private readonly proConnect: ProConnectService) {}

  /** Tells the login page which ways of logging in this instance offers. */
  @Public()
  @Get('login-methods')
  @ApiOkResponse({ description: 'Modes de connexion proposés (le bouton ProConnect est masqué sans configuration).' })
  loginMethods(): LoginMethodsDto {
    return this.proConnect.loginMethods();
  }

  @Public()
  @LoginThrottleNavigation()
  @Get('proconnect/login')
  @ApiQuery({ name: 'retour', required: false, description: 'Page du portail où revenir après la connexion.' })
  @ApiFoundResponse({ description: 'Redirection vers ProConnect, ou vers la page de refus.' })
  async login(@Query('retour') retour: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (isThrottled(req)) return refuse(res, 'TOO_MANY_ATTEMPTS');
    const started = await this.proConnect.start(
      typeof retour === 'string' ? retour : undefined,
      readCookie(req, PROCONNECT_BINDING_COOKIE),
    );
    if (started.kind === 'refused') return refuse(res, started.refusal);
    // Lax, not Strict: the cookie must come back with ProConnect's cross-site redirect to the callback.
    res.cookie(PROCONNECT_BINDING_COOKIE, started.binding, {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: BINDING_PATH,
      maxAge: PROCONNECT_ATTEMPT_MINUTES * 60_000,
    });
    res.redirect(302, started.url);
  }

  @Public()
  @Get('proconnect/callback')
  @ApiFoundResponse({ description: 'Session ouverte et redirection vers la page demandée, ou redirection vers la page de refus.' })
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const query = new URL(req.originalUrl, 'http://callback.invalid').searchParams;
    const outcome = await this.proConnect.complete(
      query,
      readCookie(req, PROCONNECT_BINDING_COOKIE),
      req.headers['user-agent'] ?? null,
    );
    if (outcome.kind === 'refused') return refuse(res, outcome.refusal);
    res.clearCookie(PROCONNECT_BINDING_COOKIE, { path: BINDING_PATH });
    setSessionCookies(req, res, outcome.token, outcome.session.csrfToken);
    res.redirect(302, outcome.returnPath);
  }
}

function refuse(res: Response, refusal: ProConnectRefusal): void {
  res.redirect(302, `${PROCONNECT_REFUSAL_PATH}?motif=${refusal}`);
}
