// Provenance and consent examples (issue 3, second part); the Provenance is shaped like what the
// ingestion writes (ingestion/normalise/to-fhir.ts). Ids and times are invented.

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
* sourceAttachment.contentType = #application/pdf
* sourceAttachment.title = "Phiếu đồng ý chia sẻ hồ sơ sức khỏe (bản giấy, có chữ ký)"
* policyRule = $v3-ActCode#OPTIN "opt-in"
* provision.type = #permit
* provision.period.start = "2026-11-20"
* provision.actor[0].role = $v3-ParticipationType#IRCP "information recipient"
* provision.actor[0].reference = Reference(bv-bai-chay)
* provision.actor[1].role = $v3-ParticipationType#IRCP "information recipient"
* provision.actor[1].reference = Reference(bv-san-nhi-quang-ninh)
* provision.purpose = http://terminology.hl7.org/CodeSystem/v3-ActReason#TREAT "treatment"
