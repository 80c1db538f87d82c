// VNQNHealthcareService: a department or clinic of a hospital (khoa/phòng khám), the unit patients
// book check-ups with. Its `type` comes from the province department code system.

Profile: VNQNHealthcareService
Parent: HealthcareService
Id: vnqn-healthcare-service
Title: "VNQN HealthcareService — Khoa / phòng khám"
Description: "A department or clinic of one of the province's hospitals. `providedBy` is the hospital; `type` carries at least one code from the province department code system; `specialty` may add more."
* ^status = #active
* insert ConformanceMetadata
* identifier MS
* active MS
* providedBy 1..1 MS
* providedBy only Reference(VNQNOrganization)
* providedBy ^short = "The hospital (bệnh viện) this department belongs to"
* category MS
* type 1..* MS
* type from VNQNDepartmentVS (required)
* type ^short = "Loại khoa — department type from the province department code system"
* specialty MS
* specialty from VNQNDepartmentVS (extensible)
* location MS
* location only Reference(VNQNLocation)
* name 1..1 MS
* name ^short = "Tên khoa/phòng khám, e.g. Khoa Nội tim mạch"
* comment MS
* telecom MS
* availableTime MS
* notAvailable MS
* appointmentRequired MS
