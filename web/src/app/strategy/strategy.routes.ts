import { Routes } from '@angular/router';

/** STRAT-1: under /strategie (STRATEGY_READ); editing is offered to STRATEGY_EDIT in the pages. */
export const STRATEGY_ROUTES: Routes = [
  {
    path: '',
    title: 'Stratégie départementale',
    loadComponent: () => import('./strategy-list.page').then((m) => m.StrategyListPage),
  },
  {
    path: ':id',
    title: 'Stratégie départementale',
    loadComponent: () => import('./strategy.page').then((m) => m.StrategyPage),
  },
  {
    path: ':id/preconisations/:n',
    title: 'Préconisation',
    loadComponent: () => import('./recommendation.page').then((m) => m.RecommendationPage),
  },
  {
    path: ':id/cadrage',
    title: 'Introduction et diagnostic',
    loadComponent: () => import('./framing.page').then((m) => m.StrategyFramingPage),
  },
  {
    path: ':id/suivi',
    title: 'Suivi annuel',
    loadComponent: () => import('./follow-up.page').then((m) => m.StrategyFollowUpPage),
  },
  {
    path: ':id/versions',
    title: 'Comparer les versions',
    loadComponent: () => import('./versions.page').then((m) => m.StrategyVersionsPage),
  },
  {
    path: ':id/commentaires',
    title: 'Commentaires sur la stratégie',
    loadComponent: () => import('./comments.page').then((m) => m.StrategyCommentsPage),
  },
];
