import { Module } from '@nestjs/common';
import { DepartementSettingsController } from './departement-settings.controller';
import { DepartementSettingsService } from './departement-settings.service';

@Module({ controllers: [DepartementSettingsController], providers: [DepartementSettingsService] })
export class DepartementSettingsModule {}
