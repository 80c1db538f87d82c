// AuditEvent examples (issue 3, third part), shaped like what the API's audit publisher writes
// (ehr-api/src/audit/balp.ts). Ids, times, stations and users are invented.

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

Instance: audit-card-revoked-hung
InstanceOf: VNQNAuditEvent
Usage: #example
Title: "AuditEvent — lễ tân khóa thẻ khám bệnh của Nguyễn Văn Hùng (bản ghi không phải tài nguyên FHIR)"
Description: "The card is a record of the API, not a FHIR resource: it is named by the fhir-reference identifier and a display, without Reference.type."
* type = $audit-event-type#rest "Restful Operation"
* subtype = $restful-interaction#update "update"
* action = #U
* recorded = "2026-11-23T14:12:51.000+07:00"
* outcome = #0
* agent[0].type = $dicom#110153 "Source Role ID"
* agent[0].who.identifier.system = $sid-station
* agent[0].who.identifier.value = "st-dkt-tiep-don-02"
* agent[0].who.display = "Trạm st-dkt-tiep-don-02"
* agent[0].requestor = false
* agent[1].type = $dicom#110152 "Destination Role ID"
* agent[1].who.identifier.system = $sid-application
* agent[1].who.identifier.value = "ehr-api"
* agent[1].who.display = "ehr-api"
* agent[1].requestor = false
* agent[2].type = $v3-ParticipationType#AUT "author (originator)"
* agent[2].who.identifier.system = $sid-staff-user
* agent[2].who.identifier.value = "usr-dkt-0007"
* agent[2].who.display = "Phạm Thị Hoa"
* agent[2].role.text = "receptionist"
* agent[2].requestor = true
* source.observer.identifier.system = $sid-application
* source.observer.identifier.value = "ehr-api"
* source.observer.display = "ehr-api"
* source.type = $security-source-type#4 "Application Server"
* entity[0].what = Reference(patient-nguyen-van-hung)
* entity[0].type = $audit-entity-type#1 "Person"
* entity[0].role = $object-role#1 "Patient"
* entity[1].what.identifier.system = $sid-fhir-reference
* entity[1].what.identifier.value = "Card/QNC-000184273"
* entity[1].what.display = "Card QNC-000184273"
* entity[1].type = $audit-entity-type#2 "System Object"
* entity[1].role = $object-role#4 "Domain Resource"
