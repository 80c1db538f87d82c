// Provenance, audit and consent examples (issue 3, second part), shaped like what the API writes
// (ingestion/normalise/to-fhir.ts, audit/balp.ts). Ids and times are invented.

// ---- Provenance: Trần Thị Mai's outpatient visit, loaded from Bai Chay Hospital's XML 130 export ----

Instance: prov-mai-xml130-bc2611200317
InstanceOf: VNQNProvenance
Usage: #example
Title: "Provenance — hồ sơ XML 130 BC2611200317, Bệnh viện Bãi Cháy"
* target[0] = Reference(enc-mai-ngoai-tru)
* target[1] = Reference(cond-mai-viem-xoang)
* target[2] = Reference(coverage-mai-bhyt)
* recorded = "2026-11-21T02:15:04.218Z"
* activity = $v3-DataOperation#UPDATE
* agent[0].type = $provenance-participant-type#author
* agent[0].who = Reference(bv-bai-chay)
* agent[1].type = $provenance-participant-type#assembler
* agent[1].who.display = "ehr-api ingestion (xml130)"
* agent[1].onBehalfOf = Reference(bv-bai-chay)
* entity[0].role = #source
* entity[0].what.identifier.system = "https://fhir.quangninh.gov.vn/sid/source-record/bch/xml130"
* entity[0].what.identifier.value = "BC2611200317"
* entity[0].what.display = "HIS Bãi Cháy: BC2611200317"
* entity[1].role = #derivation
* entity[1].what.identifier.system = $sid-ingestion-job
* entity[1].what.identifier.value = "job-2026-11-21-bch-0007"
* entity[1].what.display = "Ingestion job job-2026-11-21-bch-0007"

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

// ---- Consent ----------------------------------------------------------------------------------------

Instance: consent-hung-chia-se-ho-so
InstanceOf: VNQNConsent
Usage: #example
Title: "Consent — Nguyễn Văn Hùng đồng ý chia sẻ hồ sơ giữa ba bệnh viện"
* status = #active
* scope = $consentscope#patient-privacy "Privacy Consent"
* category = $loinc#59284-0 "Patient Consent"
* patient = Reference(patient-nguyen-van-hung)
* dateTime = "2026-11-20T08:00:00+07:00"
* organization = Reference(bvdk-tinh-quang-ninh)
* sourceAttachment.title = "Phiếu đồng ý chia sẻ hồ sơ sức khỏe (bản giấy, có chữ ký)"
* policyRule = $v3-ActCode#OPTIN "opt-in"
* provision.type = #permit
* provision.period.start = "2026-11-20"
* provision.actor[0].role = $v3-ParticipationType#IRCP "information recipient"
* provision.actor[0].reference = Reference(bv-bai-chay)
* provision.actor[1].role = $v3-ParticipationType#IRCP "information recipient"
* provision.actor[1].reference = Reference(bv-san-nhi-quang-ninh)
* provision.purpose = http://terminology.hl7.org/CodeSystem/v3-ActReason#TREAT "treatment"
