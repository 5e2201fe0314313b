import { Module } from '@nestjs/common';
import { UsersController } from './users.controller';
import { ProConnectInvitationsService } from './proconnect-invitations.service';
import { UsersService } from './users.service';

@Module({ controllers: [UsersController], providers: [UsersService, ProConnectInvitationsService], exports: [UsersService] })
export class UsersModule {}
