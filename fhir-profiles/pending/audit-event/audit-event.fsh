// PENDING: not compiled (outside input/fsh). See ../README.md for why and how to enable it.

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

Invariant: qn-audit-1
Description: "AuditEvent phải ghi cả máy khách và máy chủ là agent, theo IHE BALP (DICOM 110153 Source Role ID và 110152 Destination Role ID) (an audit event names both the client and the server as agents, DICOM Source Role ID 110153 and Destination Role ID 110152, as IHE BALP requires)"
Expression: "agent.where(type.coding.where(system = 'http://dicom.nema.org/resources/ontology/DCM' and code = '110153').exists()).exists() and agent.where(type.coding.where(system = 'http://dicom.nema.org/resources/ontology/DCM' and code = '110152').exists()).exists()"
Severity: #error

Invariant: qn-audit-2
Description: "Entity người bệnh (role = 1 Patient) phải chỉ rõ người bệnh trong what (the patient entity, object-role 1, must name the patient in what)"
Expression: "entity.where(role.system = 'http://terminology.hl7.org/CodeSystem/object-role' and role.code = '1').all(what.exists())"
Severity: #error

// ---- AuditEvents (IHE BALP) ---------------------------------------------------------------------

Instance: audit-read-enc-mai
InstanceOf: VNQNAuditEvent
Usage: #example
Title: "AuditEvent — bác sĩ xem lượt khám của Trần Thị Mai (BALP PatientRead)"
* type = $audit-event-type#rest "Restful Operation"
* subtype = $restful-interaction#read "read"
* action = #R
* recorded = "2026-11-21T09:30:12.000+07:00"
* outcome = #0
* agent[0].type = $dicom#110152 "Destination Role ID"
* agent[0].who.identifier.system = $sid-station
* agent[0].who.identifier.value = "st-bch-tmh-01"
* agent[0].who.display = "Trạm st-bch-tmh-01"
* agent[0].requestor = false
* agent[0].network.address = "10.22.4.17"
* agent[0].network.type = #2
* agent[1].type = $dicom#110153 "Source Role ID"
* agent[1].who.identifier.system = $sid-application
* agent[1].who.identifier.value = "ehr-api"
* agent[1].who.display = "ehr-api"
* agent[1].requestor = false
* agent[1].network.address = "https://ehr.quangninh.gov.vn"
* agent[1].network.type = #5
* agent[2].type = $v3-ParticipationType#IRCP "information recipient"
* agent[2].who.identifier.system = $sid-staff-user
* agent[2].who.identifier.value = "usr-bch-0042"
* agent[2].who.display = "BS. Đỗ Quang Huy"
* agent[2].altId = "doctor.bch.huy"
* agent[2].name = "BS. Đỗ Quang Huy"
* agent[2].role.text = "doctor"
* agent[2].requestor = true
* source.site = "Quảng Ninh"
* source.observer.identifier.system = $sid-application
* source.observer.identifier.value = "ehr-api"
* source.observer.display = "ehr-api"
* source.type = $security-source-type#4 "Application Server"
* entity[0].what.identifier.value = "req-7f3c2a"
* entity[0].type = $balp-entity-type#XrequestId "X-Request-Id"
* entity[1].what = Reference(patient-tran-thi-mai)
* entity[1].type = $audit-entity-type#1 "Person"
* entity[1].role = $object-role#1 "Patient"
* entity[2].what = Reference(enc-mai-ngoai-tru)
* entity[2].type = $audit-entity-type#2 "System Object"
* entity[2].role = $object-role#4 "Domain Resource"

Instance: audit-break-glass-hung
InstanceOf: VNQNAuditEvent
Usage: #example
Title: "AuditEvent — truy cập khẩn cấp (break-glass) hồ sơ Nguyễn Văn Hùng"
* type = $audit-event-type#rest "Restful Operation"
* subtype = $restful-interaction#read "read"
* action = #R
* recorded = "2026-11-22T23:05:40.000+07:00"
* outcome = #0
* purposeOfEvent = $v3-ActReason#BTG "break the glass"
* purposeOfEvent.text = "Cấp cứu: bệnh nhân hôn mê, cần tiền sử dị ứng"
* agent[0].type = $dicom#110152 "Destination Role ID"
* agent[0].who.display = "API client"
* agent[0].requestor = false
* agent[1].type = $dicom#110153 "Source Role ID"
* agent[1].who.identifier.system = $sid-application
* agent[1].who.identifier.value = "ehr-api"
* agent[1].who.display = "ehr-api"
* agent[1].requestor = false
* agent[2].type = $v3-ParticipationType#IRCP "information recipient"
* agent[2].who.identifier.system = $sid-staff-user
* agent[2].who.identifier.value = "usr-bch-0042"
* agent[2].who.display = "BS. Đỗ Quang Huy"
* agent[2].requestor = true
* agent[2].purposeOfUse = $v3-ActReason#BTG "break the glass"
* agent[2].purposeOfUse.text = "Cấp cứu: bệnh nhân hôn mê, cần tiền sử dị ứng"
* source.observer.identifier.system = $sid-application
* source.observer.identifier.value = "ehr-api"
* source.observer.display = "ehr-api"
* source.type = $security-source-type#4 "Application Server"
* entity[0].what = Reference(patient-nguyen-van-hung)
* entity[0].type = $audit-entity-type#1 "Person"
* entity[0].role = $object-role#1 "Patient"
* entity[1].what = Reference(patient-nguyen-van-hung)
* entity[1].type = $audit-entity-type#2 "System Object"
* entity[1].role = $object-role#4 "Domain Resource"

Instance: audit-sign-in-failed
InstanceOf: VNQNAuditEvent
Usage: #example
Title: "AuditEvent — đăng nhập thất bại (DICOM User Authentication, Login)"
* type = $dicom#110114 "User Authentication"
* subtype = $dicom#110122 "Login"
* action = #E
* recorded = "2026-11-22T07:01:03.000+07:00"
* outcome = #4
* outcomeDesc = "wrong password"
* agent[0].type = $dicom#110153 "Source Role ID"
* agent[0].who.identifier.system = $sid-station
* agent[0].who.identifier.value = "st-dkt-tiep-don-02"
* agent[0].who.display = "Trạm st-dkt-tiep-don-02"
* agent[0].altId = "receptionist.dkt"
* agent[0].requestor = true
* agent[1].type = $dicom#110152 "Destination Role ID"
* agent[1].who.identifier.system = $sid-application
* agent[1].who.identifier.value = "ehr-api"
* agent[1].who.display = "ehr-api"
* agent[1].requestor = false
* source.observer.identifier.system = $sid-application
* source.observer.identifier.value = "ehr-api"
* source.observer.display = "ehr-api"
* source.type = $security-source-type#4 "Application Server"
