// VNQNSchedule: the bookable timetable of a department (the API publishes one per HealthcareService,
// `sch-<service id>`) or of a doctor. Its actors say who is booked and lead to the hospital.

Profile: VNQNSchedule
Parent: Schedule
Id: vnqn-schedule
Title: "VNQN Schedule — Lịch khám của khoa / bác sĩ"
Description: "The bookable timetable of a department or clinic (HealthcareService) or of a doctor (PractitionerRole / Practitioner) at one of the province's hospitals: the actors name who is booked (`qn-sched-1`) and lead to the hospital (`qn-sched-2`: a HealthcareService, PractitionerRole or Location); `serviceType`, when given, from the appointment service types (which include the department codes)."
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* obeys qn-sched-1 and qn-sched-2

* identifier MS
* active MS
* serviceCategory MS
* serviceType MS
* serviceType from VNQNAppointmentServiceTypeVS (required)
* serviceType ^short = "Loại dịch vụ đặt lịch hoặc mã khoa (appointment service type or department code)"
* specialty MS
* specialty from VNQNDepartmentVS (extensible)
* actor MS
* actor only Reference(VNQNHealthcareService or VNQNPractitionerRole or VNQNPractitioner or VNQNLocation or Device)
* actor ^short = "The department (HealthcareService) or doctor (PractitionerRole / Practitioner) booked, and where (Location)"
* planningHorizon MS
* comment MS
