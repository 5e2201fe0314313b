import { Module } from '@nestjs/common';
import { ParametersAdminController } from './parameters-admin.controller';
import { ParametersAdminService } from './parameters-admin.service';

@Module({ controllers: [ParametersAdminController], providers: [ParametersAdminService] })
export class ParametersAdminModule {}
