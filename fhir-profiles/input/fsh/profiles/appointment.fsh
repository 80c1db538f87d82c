// VNQNAppointment: one booking made at a kiosk or at reception, as the API's outbox publishes it
// (scheduling/fhir-publisher.ts). The booking id is its business identifier (conditional update by
// it); the ticket code and the queue number printed on the ticket are identifiers too, since FHIR R4
// has no element for them.

Profile: VNQNAppointment
Parent: Appointment
Id: vnqn-appointment
Title: "VNQN Appointment — Lịch hẹn khám"
Description: "A booking at one of the province's hospitals: the booking id (`identifier:bookingId`, required), ticket code and queue number as identifiers; status, start and end required, end after start (`qn-time-1`); the booked slot(s); the patient as a participant (`qn-appt-1`: a Patient reference, or a logical Patient reference by identifier while the server does not hold the patient) and where it takes place (`qn-appt-2`: HealthcareService or Location); `serviceType` from the appointment service types; `cancelationReason` when cancelled (optional)."
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* obeys qn-time-1 and qn-appt-1 and qn-appt-2

* identifier 1..* MS
* identifier ^slicing.discriminator.type = #value
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier ^slicing.description = "Sliced by system: the booking id (required), the ticket code and the queue number."
* identifier contains
    bookingId 1..1 MS and
    ticketCode 0..1 MS and
    queueNumber 0..1 MS
* identifier[bookingId] ^short = "Mã lượt đặt lịch của API (booking id)"
* identifier[bookingId].system 1..1
* identifier[bookingId].system = $sid-booking-id (exactly)
* identifier[bookingId].value 1..1
* identifier[ticketCode] ^short = "Mã phiếu hẹn in trên phiếu, 8 ký tự (ticket code)"
* identifier[ticketCode].system 1..1
* identifier[ticketCode].system = $sid-booking-ticket (exactly)
* identifier[ticketCode].value 1..1
* identifier[queueNumber] ^short = "Số thứ tự: <HealthcareService id>/<YYYY-MM-DD>/<số> (queue number of the department on that day)"
* identifier[queueNumber].system 1..1
* identifier[queueNumber].system = $sid-queue-number (exactly)
* identifier[queueNumber].value 1..1
* status MS
* status ^short = "booked | checked-in | fulfilled (called in) | cancelled | noshow (as the API's bookings), proposed | pending | arrived | entered-in-error | waitlist"
* cancelationReason MS
* cancelationReason ^short = "Lý do hủy, khi đã hủy (why it was cancelled, when known)"
* serviceCategory MS
* serviceType MS
* serviceType from VNQNAppointmentServiceTypeVS (required)
* serviceType ^short = "Loại dịch vụ đặt lịch hoặc mã khoa (appointment service type or department code)"
* specialty MS
* specialty from VNQNDepartmentVS (extensible)
* description MS
* start 1..1 MS
* end 1..1 MS
* created MS
* slot 1..* MS
* slot only Reference(VNQNSlot)
* participant MS
* participant ^short = "The patient (qn-appt-1), the department and/or location (qn-appt-2), the doctor when booked with one"
* participant.actor MS
* participant.actor only Reference(VNQNPatient or VNQNHealthcareService or VNQNLocation or VNQNPractitionerRole or VNQNPractitioner or RelatedPerson or Device)
* participant.actor.type MS
* participant.actor.identifier MS
* participant.status MS
