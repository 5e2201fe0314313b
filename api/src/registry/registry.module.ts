import { Module } from '@nestjs/common';
import { AssociationsService } from './associations.service';
import { MemberImportService } from './member-import.service';
import { MembersService } from './members.service';
import { AssociationsController, MembersController, RegistryController } from './registry.controller';
import { RegistryService } from './registry.service';

@Module({
  controllers: [RegistryController, MembersController, AssociationsController],
  providers: [RegistryService, MembersService, AssociationsService, MemberImportService],
  exports: [MembersService, AssociationsService, MemberImportService],
})
export class RegistryModule {}
