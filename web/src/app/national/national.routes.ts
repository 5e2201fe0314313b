import { Routes } from '@angular/router';
import { Permission } from '@cdlp/shared';
import { permissionGuard } from '../core/auth.guards';

/**
 * TENANT-1: the national accounts' pages. Each route names its permission: the statistics
 * are the supervision's and the national administration's, the départements the national
 * administration's only; a département account is sent to "access denied".
 */
export const NATIONAL_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'statistiques' },
  {
    path: 'statistiques',
    title: 'Statistiques nationales',
    canActivate: [permissionGuard],
    data: { permission: Permission.NATIONAL_STATISTICS_READ },
    loadComponent: () => import('./national-statistics.page').then((m) => m.NationalStatisticsPage),
  },
  {
    path: 'departements',
    title: 'Départements',
    canActivate: [permissionGuard],
    data: { permission: Permission.DEPARTEMENTS_MANAGE },
    loadComponent: () => import('./departement-list.page').then((m) => m.DepartementListPage),
  },
  {
    path: 'departements/nouveau',
    title: 'Ouvrir un département',
    canActivate: [permissionGuard],
    data: { permission: Permission.DEPARTEMENTS_MANAGE },
    loadComponent: () => import('./departement-form.page').then((m) => m.DepartementFormPage),
  },
  {
    path: 'departements/:code',
    title: 'Département',
    canActivate: [permissionGuard],
    data: { permission: Permission.DEPARTEMENTS_MANAGE },
    loadComponent: () => import('./departement.page').then((m) => m.DepartementPage),
  },
  {
    path: 'departements/:code/modifier',
    title: 'Modifier un département',
    canActivate: [permissionGuard],
    data: { permission: Permission.DEPARTEMENTS_MANAGE },
    loadComponent: () => import('./departement-form.page').then((m) => m.DepartementFormPage),
  },
];
