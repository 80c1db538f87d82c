// VNQNLocation: a place where care happens: a hospital campus, a building, a clinic room, a kiosk.

Profile: VNQNLocation
Parent: Location
Id: vnqn-location
Title: "VNQN Location — Địa điểm"
Description: "A physical place in one of the province's hospitals (campus, building, floor, clinic room, kiosk). `name` is required; the managing hospital is expected."
* ^status = #active
* insert ConformanceMetadata
* identifier MS
* status MS
* name 1..1 MS
* name ^short = "Tên địa điểm, e.g. Phòng khám Nội 1 — Tầng 1, Nhà A"
* alias MS
* mode MS
* type MS
* telecom MS
* address MS
* address only VNQNAddress
* physicalType MS
* position MS
* managingOrganization MS
* managingOrganization only Reference(VNQNOrganization)
* partOf MS
* partOf only Reference(VNQNLocation)
* hoursOfOperation MS
