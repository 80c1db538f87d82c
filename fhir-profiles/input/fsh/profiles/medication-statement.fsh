// VNQNMedicationStatement: a drug a patient takes or took, as a hospital records it (medicines the
// patient brings, long-term treatment, what the pharmacy dispensed). The drug is the hospital's own
// code, always; the WHO ATC code and the Ministry's drug code where known; the name in text.

Profile: VNQNMedicationStatement
Parent: MedicationStatement
Id: vnqn-medication-statement
Title: "VNQN MedicationStatement — Thuốc người bệnh đang / đã dùng"
Description: "A medication a patient of the province's hospitals is taking or took: subject (VNQNPatient), status and effective time required; the drug as a CodeableConcept with the hospital's local drug code (`qn-med-2`, system https://fhir.quangninh.gov.vn/CodeSystem/local-drug-<hospital>), the WHO ATC code and the Ministry's drug code (MA_THUOC) where known, and the active ingredient and strength in text (warning `qn-med-1`)."
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* obeys qn-med-1 and qn-med-2

* identifier MS
* basedOn MS
* partOf MS
* status MS
* category MS
* medication[x] only CodeableConcept
* medication[x] MS
* medicationCodeableConcept ^short = "Thuốc: mã thuốc nội bộ của bệnh viện (luôn có), mã ATC và mã thuốc Bộ Y tế (nếu có); tên hoạt chất, hàm lượng trong text"
* medicationCodeableConcept.coding 1..* MS
* medicationCodeableConcept.coding ^slicing.discriminator.type = #value
* medicationCodeableConcept.coding ^slicing.discriminator.path = "system"
* medicationCodeableConcept.coding ^slicing.rules = #open
* medicationCodeableConcept.coding ^slicing.description = "ATC and Ministry drug-code slices; the hospital's local code is required by qn-med-2 (one system per hospital, https://fhir.quangninh.gov.vn/CodeSystem/local-drug-<hospital>)."
* medicationCodeableConcept.coding contains
    atc 0..1 MS and
    mohDrug 0..1 MS
* medicationCodeableConcept.coding[atc] ^short = "Mã ATC của WHO (WHO ATC code), where known"
* medicationCodeableConcept.coding[atc].system 1..1
* medicationCodeableConcept.coding[atc].system = $atc (exactly)
* medicationCodeableConcept.coding[atc].code 1..1
* medicationCodeableConcept.coding[mohDrug] ^short = "Mã thuốc theo danh mục Bộ Y tế (MA_THUOC)"
* medicationCodeableConcept.coding[mohDrug].system 1..1
* medicationCodeableConcept.coding[mohDrug].system = $cs-moh-drug (exactly)
* medicationCodeableConcept.coding[mohDrug].code 1..1
* medicationCodeableConcept.text MS
* subject MS
* subject only Reference(VNQNPatient)
* context MS
* context only Reference(VNQNEncounter)
* effective[x] 1..1 MS
* effective[x] ^short = "Khi nào người bệnh dùng thuốc (dateTime, or the Period of the treatment)"
* dateAsserted MS
* informationSource MS
* informationSource only Reference(VNQNPatient or VNQNPractitioner or VNQNPractitionerRole or VNQNOrganization or RelatedPerson)
* reasonReference MS
* reasonReference only Reference(VNQNCondition)
* note MS
* dosage MS
* dosage.text MS
* dosage.text ^short = "Cách dùng bằng tiếng Việt, e.g. 'Uống 1 viên/lần, ngày 1 lần buổi sáng'"
