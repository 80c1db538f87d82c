// VNQNCondition: a diagnosis (chẩn đoán) coded in ICD-10, the WHO edition with the Ministry of
// Health's codes, as used in BHYT claims (MA_BENH_CHINH, MA_BENH_KT).

Profile: VNQNCondition
Parent: Condition
Id: vnqn-condition
Title: "VNQN Condition — Chẩn đoán / bệnh"
Description: "A diagnosis or problem of a patient of the province's hospitals, coded in ICD-10 (http://hl7.org/fhir/sid/icd-10; the WHO classification with the Ministry of Health's codes). The Vietnamese diagnosis text goes in `code.text`; an ICD-10 code is expected and, when present, must be well formed."
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* clinicalStatus MS
* verificationStatus MS
* category MS
* severity MS
* code 1..1 MS
* code obeys qn-icd10-1 and qn-condition-1
* code ^short = "Chẩn đoán: mã ICD-10 và tên bệnh bằng tiếng Việt (code.text)"
* code.coding MS
* code.coding ^slicing.discriminator.type = #value
* code.coding ^slicing.discriminator.path = "system"
* code.coding ^slicing.rules = #open
* code.coding ^slicing.description = "Sliced by code system. Other codings (e.g. the hospital's own) are allowed."
* code.coding contains icd10 0..1 MS
* code.coding[icd10] ^short = "Mã ICD-10, e.g. J18.9"
* code.coding[icd10].system 1..1
* code.coding[icd10].system = $icd10 (exactly)
* code.coding[icd10].code 1..1
* code.coding[icd10].display MS
* code.text MS
* bodySite MS
* subject MS
* subject only Reference(VNQNPatient)
* encounter MS
* encounter only Reference(VNQNEncounter)
* onset[x] MS
* abatement[x] MS
* recordedDate MS
* recorder MS
* recorder only Reference(VNQNPractitioner or VNQNPractitionerRole)
* asserter MS
* note MS
