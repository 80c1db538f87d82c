// VNQNAuditEvent: the API's audit log as published to HAPI (audit/balp.ts), shaped after IHE Basic
// Audit Log Patterns (BALP): type rest with the FHIR interaction as subtype (or DICOM User
// Authentication for sign-in/out), the client and the server as agents (DICOM Source / Destination
// Role ID, BALP's rule), the user as requestor, the API as observer, the patient as an entity with
// object-role 1, the resource or query as a second entity, the X-Request-Id as a transaction entity.
// Light: one profile for every action, rather than BALP's one per pattern.

Profile: VNQNAuditEvent
Parent: AuditEvent
Id: vnqn-audit-event
Title: "VNQN AuditEvent — Nhật ký truy cập (IHE BALP)"
Description: "An access to patient data, or a sign-in/sign-out, as recorded by the province API and published after IHE Basic Audit Log Patterns: action and outcome required, client and server agents (`qn-audit-1`), the patient entity names the patient (`qn-audit-2`), no modifier extensions."
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* obeys qn-audit-1 and qn-audit-2

* modifierExtension 0..0
* type MS
* type ^short = "rest (audit-event-type), or DICOM 110114 User Authentication for sign-in / sign-out"
* subtype MS
* subtype ^short = "The FHIR interaction (read, search-type, create, update, delete), or DICOM Login / Logout"
* action 1..1 MS
* recorded MS
* outcome 1..1 MS
* outcomeDesc MS
* purposeOfEvent MS
* purposeOfEvent ^short = "BTG (break the glass) with the reason typed in text, for emergency access"
* agent MS
* agent ^short = "The client (station) and the server (the API) by DICOM role, and the user (staff or patient) as requestor"
* agent.type MS
* agent.who MS
* agent.requestor MS
* agent.network MS
* agent.purposeOfUse MS
* source MS
* source.observer MS
* source.observer ^short = "The API (identifier system …/sid/application)"
* source.type MS
* entity MS
* entity ^short = "The patient (object-role 1), the resource (role 4) or query (role 24), and the X-Request-Id (BALP XrequestId)"
* entity.what MS
* entity.type MS
* entity.role MS
* entity.query MS
