// VNQNOrganization: every Organization written to the province's FHIR server. Mostly the three
// hospitals, but also insurers (BHXH) and referring facilities, so the MoH facility code is optional.

Profile: VNQNOrganization
Parent: Organization
Id: vnqn-organization
Title: "VNQN Organization — Tổ chức / cơ sở khám, chữa bệnh"
Description: "An organization in the Quang Ninh health directory: a hospital (with its Ministry of Health facility code), an insurer or another facility. `name` is required; the facility code is expected for every healthcare provider."
* ^status = #active
* insert ConformanceMetadata
* identifier MS
* identifier ^slicing.discriminator.type = #value
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier ^slicing.description = "Sliced by identifier system. Other systems are allowed."
* identifier contains mohFacilityCode 0..1 MS
* identifier[mohFacilityCode] ^short = "Mã cơ sở khám, chữa bệnh — Ministry of Health facility code"
* identifier[mohFacilityCode] ^definition = "The facility code issued by the Ministry of Health / Vietnam Social Security for BHYT claims (5 digits: province code and number)."
* identifier[mohFacilityCode].system 1..1
* identifier[mohFacilityCode].system = $sid-moh-facility (exactly)
* identifier[mohFacilityCode].value 1..1
* identifier[mohFacilityCode] obeys qn-facility-1
* active MS
* type MS
* name 1..1 MS
* name ^short = "Tên chính thức — official name in Vietnamese, e.g. Bệnh viện Đa khoa tỉnh Quảng Ninh"
* alias MS
* alias ^short = "Other names: the English name, abbreviations"
* telecom MS
* address MS
* address only VNQNAddress
* partOf MS
* partOf only Reference(VNQNOrganization)
