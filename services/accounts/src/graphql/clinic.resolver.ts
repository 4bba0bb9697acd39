import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { TenantService } from '../tenants/tenant.service';
import { CreateClinicInput, UpdateClinicInput } from './inputs';
import { ClinicType, CreatedClinicType } from './types';

@Resolver(() => ClinicType)
export class ClinicResolver {
  constructor(private readonly tenants: TenantService) {}

  @Query(() => ClinicType, { description: 'The clinic you are signed in to.' })
  @Authorize('read', 'Tenant')
  clinic(@Ctx() { ctx }: ResolverContext) {
    return this.tenants.own(ctx);
  }

  @Mutation(() => CreatedClinicType, { description: 'Platform admins only: a new clinic and an invitation for its first admin.' })
  @Authorize('create', 'Tenant')
  async createClinic(@Ctx() { ctx }: ResolverContext, @Arg('input', () => CreateClinicInput) input: CreateClinicInput) {
    const created = await this.tenants.create(ctx.clock, input);
    return { clinic: created.tenant, adminInvitation: created.adminInvitation, invitationToken: created.invitationToken };
  }

  @Mutation(() => ClinicType, { description: "Admins: the clinic's name and settings." })
  @Authorize('update', 'Tenant')
  updateClinic(@Ctx() { ctx }: ResolverContext, @Arg('input', () => UpdateClinicInput) input: UpdateClinicInput) {
    return this.tenants.update(ctx, input);
  }
}
