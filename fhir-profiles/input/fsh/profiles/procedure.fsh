// VNQNProcedure: a technical service performed on a patient (dịch vụ kỹ thuật, thủ thuật, phẫu thuật),
// coded with the Ministry's technical-service code (MA_DICH_VU of the XML claim tables) where known.

Profile: VNQNProcedure
Parent: Procedure
Id: vnqn-procedure
Title: "VNQN Procedure — Dịch vụ kỹ thuật / phẫu thuật, thủ thuật"
Description: "A procedure performed at one of the province's hospitals: code with the Ministry of Health's technical-service code (https://fhir.quangninh.gov.vn/CodeSystem/moh-technical-service) where known and the Vietnamese name in text; patient, visit, time, performers."
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* identifier MS
* status MS
* category MS
* code 1..1 MS
* code ^short = "Dịch vụ kỹ thuật: mã của Bộ Y tế (nếu có) và tên trong text"
* code.coding MS
* code.coding ^slicing.discriminator.type = #value
* code.coding ^slicing.discriminator.path = "system"
* code.coding ^slicing.rules = #open
* code.coding ^slicing.description = "Sliced by code system; the hospital's own service codes may be added."
* code.coding contains mohService 0..1 MS
* code.coding[mohService] ^short = "Mã dịch vụ kỹ thuật theo danh mục Bộ Y tế (MA_DICH_VU)"
* code.coding[mohService].system 1..1
* code.coding[mohService].system = $cs-moh-service (exactly)
* code.coding[mohService].code 1..1
* code.text MS
* subject MS
* subject only Reference(VNQNPatient)
* encounter MS
* encounter only Reference(VNQNEncounter)
* performed[x] MS
* performer MS
* performer.actor MS
* performer.actor only Reference(VNQNPractitioner or VNQNPractitionerRole or VNQNOrganization)
* location MS
* location only Reference(VNQNLocation)
* reasonCode MS
* reasonReference MS
* reasonReference only Reference(VNQNCondition)
* bodySite MS
* outcome MS
* note MS
