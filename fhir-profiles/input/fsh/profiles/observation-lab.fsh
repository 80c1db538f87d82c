// VNQNObservationLab: one laboratory result. The hospital's local test code is always there (that is
// what every LIS has); LOINC is added where the hospital has mapped the test.

Profile: VNQNObservationLab
Parent: Observation
Id: vnqn-observation-lab
Title: "VNQN Observation Lab — Kết quả xét nghiệm"
Description: "A laboratory result from one of the province's hospitals: category `laboratory`, a code with the hospital's local test code (system https://fhir.quangninh.gov.vn/CodeSystem/local-lab-<hospital>) and LOINC where mapped, a value (quantities with UCUM units), the reference range and interpretation."
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* obeys qn-lab-2
* identifier MS
* basedOn MS
* status MS
* category 1..* MS
* category ^slicing.discriminator.type = #pattern
* category ^slicing.discriminator.path = "$this"
* category ^slicing.rules = #open
* category ^slicing.description = "The laboratory category is required; others may be added."
* category contains laboratory 1..1 MS
* category[laboratory] = $obs-category#laboratory
* code MS
* code obeys qn-lab-1
* code ^short = "Mã xét nghiệm nội bộ của bệnh viện (luôn có) và mã LOINC (nếu đã ánh xạ); tên xét nghiệm trong text"
* code.coding 1..* MS
* code.coding ^slicing.discriminator.type = #value
* code.coding ^slicing.discriminator.path = "system"
* code.coding ^slicing.rules = #open
* code.coding ^slicing.description = "LOINC slice; the local code is required by qn-lab-1 (one system per hospital, https://fhir.quangninh.gov.vn/CodeSystem/local-lab-<hospital>)."
* code.coding contains loinc 0..1 MS
* code.coding[loinc] ^short = "Mã LOINC, where the hospital has mapped the test"
* code.coding[loinc].system 1..1
* code.coding[loinc].system = $loinc (exactly)
* code.coding[loinc].code 1..1
* code.text MS
* subject 1..1 MS
* subject only Reference(VNQNPatient)
* encounter MS
* encounter only Reference(VNQNEncounter)
* effective[x] MS
* effective[x] ^short = "Thời điểm lấy mẫu — specimen collection time (or the result time when unknown)"
* issued MS
* performer MS
* performer only Reference(VNQNOrganization or VNQNPractitioner or VNQNPractitionerRole)
* value[x] MS
* valueQuantity MS
* valueQuantity.value MS
* valueQuantity.unit MS
* valueQuantity.system MS
* valueQuantity.code MS
* valueQuantity ^short = "Kết quả định lượng; đơn vị UCUM trong system/code (e.g. mmol/L), đơn vị như in trên phiếu trong unit"
* dataAbsentReason MS
* interpretation MS
* note MS
* specimen MS
* referenceRange MS
* referenceRange.low MS
* referenceRange.high MS
* referenceRange.text MS
* referenceRange ^short = "Khoảng tham chiếu (chỉ số bình thường), as low/high or as printed text"
* hasMember MS
* hasMember only Reference(VNQNObservationLab)
* component MS
