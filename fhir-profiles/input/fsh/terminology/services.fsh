// Booking and card terminology (issue 3, second part). Codes are stable ASCII slugs: never reuse or
// rename one. The service types are bound (required) to Schedule, Slot and Appointment.serviceType,
// and serve the API's own screens and reports.

CodeSystem: VNQNAppointmentServiceTypeCS
Id: appointment-service-type
Title: "Loại dịch vụ đặt lịch — appointment service types"
Description: "What a patient books at a kiosk or at reception, independent of the department that provides it (the department goes in Appointment.specialty, or in serviceType as the API writes today). Vietnamese display, English designation."
* ^url = $cs-appointment-service-type
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^language = #vi
* ^caseSensitive = true
* ^content = #complete
* #kham-benh "Khám bệnh" "Khám bệnh lần đầu cho một vấn đề sức khỏe — a first outpatient visit for a health problem."
  * ^designation[0].language = #en
  * ^designation[0].value = "Outpatient visit"
* #tai-kham "Tái khám" "Tái khám theo hẹn của bác sĩ — a follow-up visit the doctor asked for."
  * ^designation[0].language = #en
  * ^designation[0].value = "Follow-up visit"
* #kham-chuyen-khoa "Khám chuyên khoa" "Khám tại phòng khám chuyên khoa — a specialist clinic visit."
  * ^designation[0].language = #en
  * ^designation[0].value = "Specialist visit"
* #kham-theo-yeu-cau "Khám theo yêu cầu" "Khám dịch vụ, chọn bác sĩ — an on-demand (fee-paying) visit with a chosen doctor."
  * ^designation[0].language = #en
  * ^designation[0].value = "On-demand visit"
* #kham-suc-khoe "Khám sức khỏe" "Khám sức khỏe định kỳ, xin việc, lái xe — a health check-up (periodic, for work, for a driving licence)."
  * ^designation[0].language = #en
  * ^designation[0].value = "Health check-up"
* #kham-thai "Khám thai" "Khám thai định kỳ — an antenatal visit."
  * ^designation[0].language = #en
  * ^designation[0].value = "Antenatal visit"
* #tiem-chung "Tiêm chủng" "Tiêm vắc-xin — a vaccination."
  * ^designation[0].language = #en
  * ^designation[0].value = "Vaccination"
* #xet-nghiem "Xét nghiệm" "Lấy mẫu xét nghiệm theo hẹn — a booked laboratory sample collection."
  * ^designation[0].language = #en
  * ^designation[0].value = "Laboratory test"
* #chan-doan-hinh-anh "Chẩn đoán hình ảnh" "Chụp X-quang, siêu âm, CT, MRI theo hẹn — a booked imaging examination."
  * ^designation[0].language = #en
  * ^designation[0].value = "Imaging"
* #tu-van "Tư vấn" "Tư vấn sức khỏe, dinh dưỡng, kết quả — counselling (health, nutrition, results)."
  * ^designation[0].language = #en
  * ^designation[0].value = "Counselling"

ValueSet: VNQNAppointmentServiceTypeVS
Id: appointment-service-type
Title: "Loại dịch vụ đặt lịch — appointment service types"
Description: "Codes for Appointment.serviceType, Slot.serviceType and Schedule.serviceType: a kind of booked service, or the department whose clinic is booked (the province department codes, which is what the API writes today)."
* ^url = $vs-appointment-service-type
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^language = #vi
* include codes from system $cs-appointment-service-type
* include codes from system $cs-department

CodeSystem: VNQNCardStatusCS
Id: card-status
Title: "Trạng thái thẻ khám bệnh — patient card status"
Description: "The status of a province patient card (Patient.identifier:patientCard), as the API keeps it: a card is active until it is revoked, replaced by a new card, or its validity ends. Only an active card opens a kiosk session."
* ^url = $cs-card-status
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^language = #vi
* ^caseSensitive = true
* ^content = #complete
* #active "Đang sử dụng" "Thẻ đang dùng được tại ki-ốt và quầy tiếp đón — the card can be used."
  * ^designation[0].language = #en
  * ^designation[0].value = "Active"
* #revoked "Đã thu hồi" "Thẻ bị khóa (mất thẻ, báo cáo lạm dụng) — the card was revoked (lost, misused)."
  * ^designation[0].language = #en
  * ^designation[0].value = "Revoked"
* #replaced "Đã thay thẻ mới" "Thẻ được thay bằng thẻ mới; mã thẻ cũ không bao giờ cấp lại — the card was replaced by a new one; its id is never reissued."
  * ^designation[0].language = #en
  * ^designation[0].value = "Replaced"
* #expired "Hết hạn" "Thẻ đã hết thời hạn sử dụng — the card's validity has ended."
  * ^designation[0].language = #en
  * ^designation[0].value = "Expired"

ValueSet: VNQNCardStatusVS
Id: card-status
Title: "Trạng thái thẻ khám bệnh — patient card status"
Description: "All patient card statuses."
* ^url = $vs-card-status
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^language = #vi
* include codes from system $cs-card-status
