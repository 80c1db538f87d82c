// VNQNMedicationRequest: a prescription line (đơn thuốc / y lệnh thuốc) of a province hospital. The
// drug is coded with the Ministry's drug code where known and always named in text (active ingredient,
// strength); the dosage instructions are the Vietnamese text printed on the prescription.

Profile: VNQNMedicationRequest
Parent: MedicationRequest
Id: vnqn-medication-request
Title: "VNQN MedicationRequest — Đơn thuốc / y lệnh thuốc"
Description: "A prescribed drug for a patient of the province's hospitals: the drug as a CodeableConcept with the Ministry of Health's drug code (MA_THUOC, where known) and the active ingredient and strength in text; the dosage instructions as Vietnamese text (structured timing and dose where the HIS has them)."
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* obeys qn-med-1
* identifier MS
* status MS
* intent MS
* category MS
* medication[x] MS
* medicationCodeableConcept MS
* medicationCodeableConcept ^short = "Thuốc: mã thuốc của Bộ Y tế (nếu có) và tên hoạt chất, hàm lượng trong text"
* medicationCodeableConcept.coding MS
* medicationCodeableConcept.coding ^slicing.discriminator.type = #value
* medicationCodeableConcept.coding ^slicing.discriminator.path = "system"
* medicationCodeableConcept.coding ^slicing.rules = #open
* medicationCodeableConcept.coding ^slicing.description = "Sliced by code system; the hospital's own drug codes may be added."
* medicationCodeableConcept.coding contains mohDrug 0..1 MS
* medicationCodeableConcept.coding[mohDrug] ^short = "Mã thuốc theo danh mục Bộ Y tế (MA_THUOC)"
* medicationCodeableConcept.coding[mohDrug].system 1..1
* medicationCodeableConcept.coding[mohDrug].system = $cs-moh-drug (exactly)
* medicationCodeableConcept.coding[mohDrug].code 1..1
* medicationCodeableConcept.text MS
* subject MS
* subject only Reference(VNQNPatient)
* encounter MS
* encounter only Reference(VNQNEncounter)
* authoredOn MS
* requester MS
* requester only Reference(VNQNPractitioner or VNQNPractitionerRole or VNQNOrganization)
* reasonReference MS
* reasonReference only Reference(VNQNCondition)
* note MS
* dosageInstruction MS
* dosageInstruction.text MS
* dosageInstruction.text ^short = "Cách dùng bằng tiếng Việt, e.g. 'Uống 1 viên/lần, ngày 2 lần sáng – chiều, sau ăn'"
* dosageInstruction.timing MS
* dosageInstruction.route MS
* dosageInstruction.doseAndRate MS
* dispenseRequest MS
* dispenseRequest.quantity MS
* dispenseRequest.expectedSupplyDuration MS
