import { Foundation1763800000000 } from './1763800000000-foundation';
import { Accounts1763900000000 } from './1763900000000-accounts';
import { Cases1764000000000 } from './1764000000000-cases';
import { Treatment1764100000000 } from './1764100000000-treatment';
import { Measures1764200000000 } from './1764200000000-measures';
import { Sessions1764300000000 } from './1764300000000-sessions';
import { Notes1764400000000 } from './1764400000000-notes';
import { Audit1764500000000 } from './1764500000000-audit';
import { Notifications1764600000000 } from './1764600000000-notifications';
import { FollowUps1764700000000 } from './1764700000000-followups';
import { CareRules1764760000000 } from './1764760000000-care-rules';
import { Webhooks1764800000000 } from './1764800000000-webhooks';
import { NotificationChannels1765000000000 } from './1765000000000-notification-channels';
import { RegisteredOperations1765100000000 } from './1765100000000-registered-operations';
import { SyncColumns1765200000000 } from './1765200000000-sync-columns';
import { UnregisterOperations1765250000000 } from './1765250000000-unregister-operations';
import { AuditTrail1765300000000 } from './1765300000000-audit-trail';
import { EmergencyAccess1765400000000 } from './1765400000000-emergency-access';
import { AuditEmergencyAccess1765500000000 } from './1765500000000-audit-emergency-access';
import { Credentials1765600000000 } from './1765600000000-credentials';
import { SupervisionLog1765700000000 } from './1765700000000-supervision-log';
import { CredentialNotifications1765800000000 } from './1765800000000-credential-notifications';
import { SessionSupervision1765900000000 } from './1765900000000-session-supervision';
import { SafetyAlertIndex1766000000000 } from './1766000000000-safety-alert-index';
import { CaseByPatient1766100000000 } from './1766100000000-case-by-patient';
import { AuditNoTenantKey1766200000000 } from './1766200000000-audit-no-tenant-key';
import { AppFunctionsNotPublic1766300000000 } from './1766300000000-app-functions-not-public';
import { AuditGroupedReads1766400000000 } from './1766400000000-audit-grouped-reads';
import { AuditPatientLookupPerRequest1766500000000 } from './1766500000000-audit-patient-lookup-per-request';
import { AuditListsInline1766600000000 } from './1766600000000-audit-lists-inline';
import { AuditPatientLookupAtSeal1766700000000 } from './1766700000000-audit-patient-lookup-at-seal';
import { AuditImmutableRowCompare1766800000000 } from './1766800000000-audit-immutable-row-compare';
import { AuditSealTable1766900000000 } from './1766900000000-audit-seal-table';
import { AuditListStatistics1767000000000 } from './1767000000000-audit-list-statistics';
import { AuditGroupedPatientsIndex1767100000000 } from './1767100000000-audit-grouped-patients-index';
import { AuditContextStatistics1767200000000 } from './1767200000000-audit-context-statistics';
import { AuditSealContentFormat1767300000000 } from './1767300000000-audit-seal-content-format';
import { MeasureTrendById1767400000000 } from './1767400000000-measure-trend-by-id';

/**
 * Every schema migration, in order. Migrations are reviewed SQL; `synchronize` is never used.
 * (Resumable data migrations, when they come, live apart from these.)
 */
export const schemaMigrations = [Foundation1763800000000, Accounts1763900000000, Cases1764000000000, Treatment1764100000000, Measures1764200000000, Sessions1764300000000, Notes1764400000000, Audit1764500000000, Notifications1764600000000, FollowUps1764700000000, CareRules1764760000000, Webhooks1764800000000, NotificationChannels1765000000000, RegisteredOperations1765100000000, SyncColumns1765200000000, UnregisterOperations1765250000000, AuditTrail1765300000000, EmergencyAccess1765400000000, AuditEmergencyAccess1765500000000, Credentials1765600000000, SupervisionLog1765700000000, CredentialNotifications1765800000000, SessionSupervision1765900000000, SafetyAlertIndex1766000000000, CaseByPatient1766100000000, AuditNoTenantKey1766200000000, AppFunctionsNotPublic1766300000000, AuditGroupedReads1766400000000, AuditPatientLookupPerRequest1766500000000, AuditListsInline1766600000000, AuditPatientLookupAtSeal1766700000000, AuditImmutableRowCompare1766800000000, AuditSealTable1766900000000, AuditListStatistics1767000000000, AuditGroupedPatientsIndex1767100000000, AuditContextStatistics1767200000000, AuditSealContentFormat1767300000000, MeasureTrendById1767400000000];

export { enableTenantRls, grantRuntime } from './tenant-rls';
