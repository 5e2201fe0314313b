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
    path: 'mon-compte',
    title: 'Mon compte',
    canActivate: [authGuard],
    loadComponent: () => import('./account/account.page').then((m) => m.AccountPage),
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
