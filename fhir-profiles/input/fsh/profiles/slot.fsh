// VNQNSlot: one bookable time of a Schedule. The API publishes one per department and start time
// (`<service id>-<YYYYMMDDHHMM>`), busy once its seats are all taken, with "<taken>/<capacity>" in
// comment.

Profile: VNQNSlot
Parent: Slot
Id: vnqn-slot
Title: "VNQN Slot — Khung giờ khám"
Description: "One bookable time of a VNQNSchedule: schedule, status, start and end required, end after start (`qn-time-1`); `serviceType`, when given, from the appointment service types (which include the department codes)."
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* obeys qn-time-1

* identifier MS
* serviceCategory MS
* serviceType MS
* serviceType from VNQNAppointmentServiceTypeVS (required)
* serviceType ^short = "Loại dịch vụ đặt lịch hoặc mã khoa (appointment service type or department code)"
* specialty MS
* specialty from VNQNDepartmentVS (extensible)
* schedule 1..1 MS
* schedule only Reference(VNQNSchedule)
* status 1..1 MS
* status ^short = "free | busy (every seat taken) | busy-unavailable | busy-tentative | entered-in-error"
* start 1..1 MS
* end 1..1 MS
* overbooked MS
* comment MS
* comment ^short = "Seats taken / capacity, e.g. 2/3, as the API writes it"
