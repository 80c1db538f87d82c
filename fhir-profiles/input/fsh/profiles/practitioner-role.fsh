// VNQNPractitionerRole: what a practitioner does, where, for which hospital and department.

Profile: VNQNPractitionerRole
Parent: PractitionerRole
Id: vnqn-practitioner-role
Title: "VNQN PractitionerRole — Vai trò của người hành nghề"
Description: "A practitioner's role at one hospital: the practitioner, the hospital (`organization`), optionally the department (`healthcareService`), rooms (`location`) and specialties from the province department code system."
* ^status = #active
* insert ConformanceMetadata
* identifier MS
* active MS
* period MS
* practitioner 1..1 MS
* practitioner only Reference(VNQNPractitioner)
* organization 1..1 MS
* organization only Reference(VNQNOrganization)
* code MS
* specialty MS
* specialty from VNQNDepartmentVS (extensible)
* location MS
* location only Reference(VNQNLocation)
* healthcareService MS
* healthcareService only Reference(VNQNHealthcareService)
* telecom MS
* availableTime MS
