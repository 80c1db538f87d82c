// VNQNPractitioner: a doctor, nurse, midwife or technician working at a province hospital.

Profile: VNQNPractitioner
Parent: Practitioner
Id: vnqn-practitioner
Title: "VNQN Practitioner — Người hành nghề"
Description: "A health professional at one of the province's hospitals: full Vietnamese name in `name.text` (family name first), optionally the practising certificate number (chứng chỉ hành nghề)."
* ^status = #active
* insert ConformanceMetadata
* identifier MS
* identifier ^slicing.discriminator.type = #value
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier ^slicing.description = "Sliced by identifier system. Other systems (staff numbers) are allowed."
* identifier contains practisingCertificate 0..1 MS
* identifier[practisingCertificate] ^short = "Số chứng chỉ hành nghề — practising certificate number"
* identifier[practisingCertificate].system 1..1
* identifier[practisingCertificate].system = $sid-cchn (exactly)
* identifier[practisingCertificate].value 1..1
* active MS
* name 1..* MS
* name obeys qn-name-1
* name ^short = "Họ tên — full name in text, family name first"
* name.text MS
* name.family MS
* name.given MS
* name.prefix MS
* name.prefix ^short = "Học hàm/học vị, e.g. BS., ThS.BS., BSCKII."
* telecom MS
* gender MS
* qualification MS
