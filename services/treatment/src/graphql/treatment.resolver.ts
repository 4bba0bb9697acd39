import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import type { Database } from '@tandem/db';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { ClearanceService } from '../clearance/clearance.service';
import type { ConsentService } from '../consent/consent.service';
import { clinicChecklist } from '../screening/checklist';
import { screeningsOf } from '../screening/screening.service';
import type { ScreeningService } from '../screening/screening.service';
import {
  ClearanceType,
  ConsentDocumentType,
  ConsentType,
  ContraindicationType,
  OverrideInput,
  RecordConsentInput,
  RecordScreeningInput,
  ScreeningType,
} from './types';

@Resolver()
export class TreatmentResolver {
  constructor(
    private readonly screenings: ScreeningService,
    private readonly clearances: ClearanceService,
    private readonly consents: ConsentService,
    private readonly db: Database,
  ) {}

  @Query(() => [ContraindicationType], { description: "The clinic's contraindication checklist: domain.md's items plus the clinic's own (settings.screening)." })
  @Authorize('create', 'Screening')
  contraindicationChecklist(@Ctx() { ctx }: ResolverContext) {
    return this.db.withTenant(ctx, (m) => clinicChecklist(m));
  }

  @Query(() => [ScreeningType], { description: "A case's screenings, newest first." })
  @Authorize('read', 'Screening')
  caseScreenings(@Ctx() { ctx }: ResolverContext, @Arg('caseId', () => ID) caseId: string) {
    return screeningsOf(this.db, ctx, caseId);
  }

  @Mutation(() => ScreeningType, { description: 'Clinicians on the care team; the result is computed, never entered.' })
  @Authorize('create', 'Screening')
  recordScreening(@Ctx() { ctx }: ResolverContext, @Arg('caseId', () => ID) caseId: string, @Arg('input', () => RecordScreeningInput) input: RecordScreeningInput) {
    return this.screenings.record(ctx, caseId, input);
  }

  @Mutation(() => ClearanceType, { description: 'A prescriber on the care team, after a screening; relative items need written overrides.' })
  @Authorize('create', 'Clearance')
  grantMedicalClearance(
    @Ctx() { ctx }: ResolverContext,
    @Arg('caseId', () => ID) caseId: string,
    @Arg('overrides', () => [OverrideInput], { nullable: true }) overrides?: OverrideInput[] | null,
  ) {
    return this.clearances.grant(ctx, caseId, overrides ?? []);
  }

  @Query(() => [ConsentDocumentType])
  @Authorize('read', 'ConsentDocument')
  consentDocuments(@Ctx() { ctx }: ResolverContext) {
    return this.consents.documents(ctx);
  }

  @Mutation(() => ConsentDocumentType, { description: 'Admins: publishes a document, or the next version of one with the same title.' })
  @Authorize('create', 'ConsentDocument')
  publishConsentDocument(@Ctx() { ctx }: ResolverContext, @Arg('title', () => String) title: string, @Arg('body', () => String) body: string) {
    return this.consents.publishDocument(ctx, title, body);
  }

  @Query(() => [ConsentType], { description: "A case's consents, newest first." })
  @Authorize('read', 'Consent')
  caseConsents(@Ctx() { ctx }: ResolverContext, @Arg('caseId', () => ID) caseId: string) {
    return this.consents.forCase(ctx, caseId);
  }

  @Mutation(() => ConsentType)
  @Authorize('create', 'Consent')
  recordConsent(@Ctx() { ctx }: ResolverContext, @Arg('caseId', () => ID) caseId: string, @Arg('input', () => RecordConsentInput) input: RecordConsentInput) {
    return this.consents.sign(ctx, caseId, input);
  }

  @Mutation(() => ConsentType, { description: 'Revoking puts an active case on hold and blocks dosing until a new consent.' })
  @Authorize('revoke', 'Consent')
  revokeConsent(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string) {
    return this.consents.revoke(ctx, id, reason);
  }
}
