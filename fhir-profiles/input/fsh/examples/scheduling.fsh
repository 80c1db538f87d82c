// Scheduling examples (issue 3, third part): a department's Schedule as the API publishes it
// (scheduling/fhir-publisher.ts: `sch-<service id>`, Slot `<service id>-<YYYYMMDDHHMM>`, the
// Appointment with the booking id, ticket code and queue number), and a doctor's Schedule.
// Booking ids, ticket codes and times are invented.

// ---- Trần Thị Mai: follow-up at Bai Chay Hospital's ENT clinic, booked at a kiosk -------------------

Instance: sch-hs-bv-bai-chay-tai-mui-hong
InstanceOf: VNQNSchedule
Usage: #example
Title: "Lịch khám — Khoa Tai Mũi Họng, Bệnh viện Bãi Cháy"
* active = true
* serviceType.coding[0] = $cs-department#tai-mui-hong "Tai Mũi Họng"
* serviceType.text = "Khoa Tai Mũi Họng"
* actor[0] = Reference(hs-bv-bai-chay-tai-mui-hong) "Khoa Tai Mũi Họng"
* actor[1] = Reference(loc-bv-bai-chay-campus) "Bệnh viện Bãi Cháy"
* planningHorizon.start = "2026-11-23T00:00:00+07:00"
* planningHorizon.end = "2026-12-21T00:00:00+07:00"
* comment = "Khoa Tai Mũi Họng — Bệnh viện Bãi Cháy"

Instance: hs-bv-bai-chay-tai-mui-hong-202612010800
InstanceOf: VNQNSlot
Usage: #example
Title: "Khung giờ 08:00–08:15 ngày 01/12/2026 — Khoa Tai Mũi Họng, Bệnh viện Bãi Cháy"
* schedule = Reference(sch-hs-bv-bai-chay-tai-mui-hong)
* serviceType.coding[0] = $cs-department#tai-mui-hong "Tai Mũi Họng"
* serviceType.text = "Khoa Tai Mũi Họng"
* status = #free
* start = "2026-12-01T08:00:00.000+07:00"
* end = "2026-12-01T08:15:00.000+07:00"
* comment = "2/3"

Instance: appt-mai-tai-kham-tai-mui-hong
InstanceOf: VNQNAppointment
Usage: #example
Title: "Lịch hẹn tái khám Tai Mũi Họng — Trần Thị Mai, số thứ tự 12"
* identifier[bookingId].system = $sid-booking-id
* identifier[bookingId].value = "3f6b2c1e-8a4d-4e7b-9c2f-5d1a0b7e6c34"
* identifier[ticketCode].system = $sid-booking-ticket
* identifier[ticketCode].value = "7KQ2M9XD"
* identifier[queueNumber].system = $sid-queue-number
* identifier[queueNumber].value = "hs-bv-bai-chay-tai-mui-hong/2026-12-01/12"
* status = #booked
* serviceType.coding[0] = $cs-appointment-service-type#tai-kham "Tái khám"
* serviceType.coding[1] = $cs-department#tai-mui-hong "Tai Mũi Họng"
* serviceType.text = "Khoa Tai Mũi Họng"
* reasonReference = Reference(cond-mai-viem-xoang)
* description = "Số thứ tự 12 — Khoa Tai Mũi Họng, Bệnh viện Bãi Cháy"
* start = "2026-12-01T08:00:00.000+07:00"
* end = "2026-12-01T08:15:00.000+07:00"
* created = "2026-11-24T15:42:10.000+07:00"
* slot = Reference(hs-bv-bai-chay-tai-mui-hong-202612010800)
* patientInstruction = "Mang theo thẻ BHYT và đơn thuốc lần khám trước; đến quầy tiếp đón tầng 1 trước 07:45."
* participant[0].actor = Reference(patient-tran-thi-mai) "Trần Thị Mai"
* participant[0].required = #required
* participant[0].status = #accepted
* participant[1].actor = Reference(hs-bv-bai-chay-tai-mui-hong) "Khoa Tai Mũi Họng"
* participant[1].required = #required
* participant[1].status = #accepted
* participant[2].actor = Reference(loc-bv-bai-chay-campus) "Bệnh viện Bãi Cháy"
* participant[2].required = #required
* participant[2].status = #accepted

// ---- Nguyễn Văn Hùng: a cardiology follow-up with his doctor, booked at reception, then cancelled ---

Instance: sch-role-vu-duc-thang-tim-mach
InstanceOf: VNQNSchedule
Usage: #example
Title: "Lịch khám của BS. Vũ Đức Thắng — Khoa Nội tim mạch, Bệnh viện Đa khoa tỉnh Quảng Ninh"
* active = true
* serviceType.coding[0] = $cs-appointment-service-type#tai-kham "Tái khám"
* serviceType.coding[1] = $cs-appointment-service-type#kham-chuyen-khoa "Khám chuyên khoa"
* specialty = $cs-department#tim-mach "Tim mạch"
* actor[0] = Reference(role-vu-duc-thang-tim-mach)
* actor[1] = Reference(prac-vu-duc-thang) "BS. Vũ Đức Thắng"
* actor[2] = Reference(loc-bvdk-tinh-phong-kham-tim-mach) "Phòng khám Tim mạch 1"
* comment = "Thứ Ba và thứ Năm, 07:30–11:30"

Instance: slot-vu-duc-thang-202612030900
InstanceOf: VNQNSlot
Usage: #example
Title: "Khung giờ 09:00–09:20 ngày 03/12/2026 — BS. Vũ Đức Thắng"
* schedule = Reference(sch-role-vu-duc-thang-tim-mach)
* serviceType = $cs-appointment-service-type#tai-kham "Tái khám"
* status = #free
* start = "2026-12-03T09:00:00.000+07:00"
* end = "2026-12-03T09:20:00.000+07:00"
* comment = "0/1"

Instance: appt-hung-tai-kham-tim-mach
InstanceOf: VNQNAppointment
Usage: #example
Title: "Lịch hẹn tái khám tim mạch — Nguyễn Văn Hùng (đã hủy)"
* identifier[bookingId].system = $sid-booking-id
* identifier[bookingId].value = "a91d0e55-2c7b-4f3e-8b6a-1e4d9c0f2a78"
* identifier[ticketCode].system = $sid-booking-ticket
* identifier[ticketCode].value = "K3P8W1ZT"
* status = #cancelled
* cancelationReason = $appointment-cancellation-reason#pat "Patient"
* cancelationReason.text = "Người bệnh gọi điện báo bận, xin hẹn lại"
* serviceType = $cs-appointment-service-type#tai-kham "Tái khám"
* specialty = $cs-department#tim-mach "Tim mạch"
* reasonReference = Reference(cond-hung-tang-huyet-ap)
* start = "2026-12-03T09:00:00.000+07:00"
* end = "2026-12-03T09:20:00.000+07:00"
* created = "2026-11-20T10:05:00.000+07:00"
* slot = Reference(slot-vu-duc-thang-202612030900)
* participant[0].actor = Reference(patient-nguyen-van-hung) "Nguyễn Văn Hùng"
* participant[0].required = #required
* participant[0].status = #declined
* participant[1].actor = Reference(role-vu-duc-thang-tim-mach)
* participant[1].required = #required
* participant[1].status = #accepted
* participant[2].actor = Reference(loc-bvdk-tinh-phong-kham-tim-mach) "Phòng khám Tim mạch 1"
* participant[2].required = #required
* participant[2].status = #accepted
