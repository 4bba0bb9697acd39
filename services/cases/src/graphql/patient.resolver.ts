import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { IdempotencyKey, PageInput, toConnection } from '@tandem/graphql';
import { Arg, Ctx, Float, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { PatientService } from '../patients/patient.service';
import { RegisterPatientInput, UpdatePatientInput } from './inputs';
import { PatientConnection, PatientType } from './types';

@Resolver(() => PatientType)
export class PatientResolver {
  constructor(private readonly patientService: PatientService) {}

  @Query(() => PatientType)
  @Authorize('read', 'Patient')
  patient(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string) {
    return this.patientService.get(ctx, id);
  }

  @Query(() => PatientConnection, { description: 'Patients by exact MRN or by family/given name prefix.' })
  @Authorize('read', 'Patient')
  async patients(@Ctx() { ctx }: ResolverContext, @Arg('search', () => String) search: string, @Arg('page', () => PageInput) page: PageInput) {
    return toConnection(await this.patientService.search(ctx, search, page));
  }

  @Mutation(() => PatientType)
  @Authorize('create', 'Patient')
  registerPatient(@Ctx() { ctx }: ResolverContext, @Arg('input', () => RegisterPatientInput) input: RegisterPatientInput, @IdempotencyKey() _idempotencyKey?: string) {
    return this.patientService.register(ctx, input);
  }

  @Mutation(() => PatientType)
  @Authorize('update', 'Patient')
  updatePatient(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string, @Arg('input', () => UpdatePatientInput) input: UpdatePatientInput) {
    return this.patientService.update(ctx, id, input);
  }

  @Mutation(() => PatientType, { description: 'Clinicians on a care team of the patient: a new weight (history is kept).' })
  @Authorize('update', 'Patient')
  recordPatientWeight(@Ctx() { ctx }: ResolverContext, @Arg('patientId', () => ID) patientId: string, @Arg('weightKg', () => Float) weightKg: number) {
    return this.patientService.recordWeight(ctx, patientId, weightKg);
  }
}
