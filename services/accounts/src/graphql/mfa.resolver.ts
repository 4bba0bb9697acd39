import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { MfaService } from '../mfa/mfa.service';
import { signedInUser } from './principal';
import { MfaEnrolmentType } from './types';

@Resolver()
export class MfaResolver {
  constructor(private readonly mfa: MfaService) {}

  @Mutation(() => MfaEnrolmentType, { description: 'Starts TOTP enrolment (allowed while MFA is still owed).' })
  @Authorize('update', 'User')
  startMfaEnrolment(@Ctx() { ctx }: ResolverContext) {
    return this.mfa.startEnrolment(ctx, signedInUser(ctx));
  }

  @Mutation(() => [String], { description: 'Turns MFA on with a first code; returns ten single-use recovery codes, shown once.' })
  @Authorize('update', 'User')
  confirmMfaEnrolment(@Ctx() { ctx }: ResolverContext, @Arg('code', () => String) code: string) {
    return this.mfa.confirmEnrolment(ctx, signedInUser(ctx), code);
  }
}
