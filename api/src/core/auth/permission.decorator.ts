import { SetMetadata, applyDecorators } from '@nestjs/common';
import { Permission } from '@cdlp/shared';

export const PERMISSION_KEY = 'cdlp:permission';
export const PUBLIC_KEY = 'cdlp:public';

/** Declares the permission a handler requires. Every route carries either this or @Public(). */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** Declares a route open to anonymous users (login, health, password reset). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true));
