import { Routes } from '@angular/router';
import { Permission } from '@cdlp/shared';
import { authGuard, guestGuard, permissionGuard } from './core/auth.guards';

export const routes: Routes = [
  {
    path: 'connexion',
    title: 'Connexion',
    canActivate: [guestGuard],
    loadComponent: () => import('./auth/login.page').then((m) => m.LoginPage),
  },
  {
    path: 'connexion/refus',
    title: 'Connexion refusée',
    loadComponent: () => import('./auth/proconnect-refusal.page').then((m) => m.ProConnectRefusalPage),
  },
  {
    path: 'mot-de-passe-oublie',
    title: 'Mot de passe oublié',
    loadComponent: () => import('./auth/forgot-password.page').then((m) => m.ForgotPasswordPage),
  },
  {
    path: 'reinitialiser-mot-de-passe',
    title: 'Nouveau mot de passe',
    loadComponent: () => import('./auth/reset-password.page').then((m) => m.ResetPasswordPage),
  },
  {
    path: '',
    pathMatch: 'full',
    title: 'Tableau de bord',
    canActivate: [authGuard],
    loadComponent: () => import('./home/home.page').then((m) => m.HomePage),
  },
  // Strategy, minutes, decisions and verification (STRAT-1, PV-1, PSP-5, SIG-1, SIG-2).
  {
    path: 'strategie',
    canActivate: [permissionGuard],
    data: { permission: Permission.STRATEGY_READ },
    loadChildren: () => import('./strategy/strategy.routes').then((m) => m.STRATEGY_ROUTES),
  },
  {
    path: 'seances/:id/proces-verbal',
    title: 'Procès-verbal',
    canActivate: [permissionGuard],
    data: { permission: Permission.SITTINGS_READ },
    loadComponent: () => import('./minutes/minutes.page').then((m) => m.MinutesPage),
  },
  {
    path: 'proces-verbaux',
    title: 'Procès-verbaux',
    canActivate: [permissionGuard],
    data: { permission: Permission.SITTINGS_READ },
    loadComponent: () => import('./minutes/minutes-list.page').then((m) => m.MinutesListPage),
  },
  {
    path: 'demandes/:id/decision',
    title: 'Décision du préfet',
    canActivate: [permissionGuard],
    data: { permission: Permission.PSP_REQUESTS_READ },
    loadComponent: () => import('./decisions/decision.page').then((m) => m.DecisionPage),
  },
  {
    path: 'decisions',
    title: 'Décisions du préfet',
    canActivate: [permissionGuard],
    data: { permission: Permission.PSP_REQUESTS_READ },
    loadComponent: () => import('./decisions/decision-list.page').then((m) => m.DecisionListPage),
  },
  {
    path: 'verification',
    title: 'Vérifier un document',
    canActivate: [authGuard],
    loadComponent: () => import('./verification/verification.page').then((m) => m.VerificationPage),
  },
  {
    path: 'membres',
    canActivate: [permissionGuard],
    data: { permission: Permission.MEMBERS_READ },
    loadChildren: () => import('./members/members.routes').then((m) => m.MEMBERS_ROUTES),
  },
  {
    path: 'associations',
    canActivate: [permissionGuard],
    data: { permission: Permission.ASSOCIATIONS_READ },
    loadChildren: () => import('./associations/associations.routes').then((m) => m.ASSOCIATIONS_ROUTES),
  },
  {
    path: 'demandes',
    canActivate: [permissionGuard],
    data: { permission: Permission.PSP_REQUESTS_READ },
    loadChildren: () => import('./psp/psp.routes').then((m) => m.PSP_ROUTES),
  },
  {
    path: 'parcours',
    canActivate: [permissionGuard],
    data: { permission: Permission.PATHWAYS_READ },
    loadChildren: () => import('./pathways/pathways.routes').then((m) => m.PATHWAYS_ROUTES),
  },
  {
    path: 'seances',
    canActivate: [permissionGuard],
    data: { permission: Permission.SITTINGS_READ },
    loadChildren: () => import('./sittings/sittings.routes').then((m) => m.SITTINGS_ROUTES),
  },
  {
    path: 'mon-compte',
    title: 'Mon compte',
    canActivate: [authGuard],
    loadComponent: () => import('./account/account.page').then((m) => m.AccountPage),
  },
  // TENANT-1: national statistics and the national administration of the départements.
  {
    path: 'national',
    canActivate: [authGuard],
    loadChildren: () => import('./national/national.routes').then((m) => m.NATIONAL_ROUTES),
  },
  {
    path: 'administration',
    loadChildren: () => import('./admin/admin.routes').then((m) => m.ADMIN_ROUTES),
  },
  {
    path: 'accessibilite',
    title: 'Accessibilité',
    data: { page: 'accessibilite' },
    loadComponent: () => import('./errors/info.page').then((m) => m.InfoPage),
  },
  {
    path: 'mentions-legales',
    title: 'Mentions légales',
    data: { page: 'mentions-legales' },
    loadComponent: () => import('./errors/info.page').then((m) => m.InfoPage),
  },
  {
    path: 'donnees-personnelles',
    title: 'Données personnelles',
    data: { page: 'donnees-personnelles' },
    loadComponent: () => import('./errors/info.page').then((m) => m.InfoPage),
  },
  {
    path: 'acces-refuse',
    title: 'Accès refusé',
    loadComponent: () => import('./errors/forbidden.page').then((m) => m.ForbiddenPage),
  },
  {
    path: '**',
    title: 'Page non trouvée',
    loadComponent: () => import('./errors/not-found.page').then((m) => m.NotFoundPage),
  },
];
