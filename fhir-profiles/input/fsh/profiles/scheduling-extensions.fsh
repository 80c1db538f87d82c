// Extensions the API's scheduling operations ($hold, $book) put on what they answer. They are not
// stored in HAPI: a held seat lives in the API until confirmed, and alternatives are offered only
// with a refusal.

Extension: VNQNAppointmentHoldExpires
Id: appointment-hold-expires
Title: "Giữ chỗ đến — hold expires"
Description: "On a pending Appointment answered by Appointment/$hold: the instant the held seat is let go unless it is booked ($book) before then. The Argonaut and IHE scheduling guides define no element for it."
* ^status = #active
* insert ConformanceMetadata
* ^context[0].type = #element
* ^context[0].expression = "Appointment"
* value[x] only instant
* valueInstant 1..1

Extension: VNQNSchedulingAlternative
Id: scheduling-alternative
Title: "Giờ khác còn trống — alternative slot"
Description: "On an OperationOutcome.issue refusing $hold or $book (slot full, closed, too many bookings): a reference to a proposed Appointment contained in the OperationOutcome, one of the free times offered instead."
* ^status = #active
* insert ConformanceMetadata
* ^context[0].type = #element
* ^context[0].expression = "OperationOutcome.issue"
* value[x] only Reference(Appointment)
* valueReference 1..1
