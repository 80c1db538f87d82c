// The province's department / specialty code system (danh mục khoa, phòng khám) for the three
// hospitals. Display is Vietnamese; each concept carries an English designation. Codes are stable
// ASCII slugs of the Vietnamese name: never reuse or rename a code, add new ones at the end of a group.

CodeSystem: VNQNDepartmentCS
Id: department
Title: "Khoa, phòng khám — Quang Ninh hospital departments and specialties"
Description: "Departments and clinical specialties of the Quang Ninh province hospitals, used for HealthcareService.type/specialty and PractitionerRole.specialty. Vietnamese display, English designation."
* ^url = $cs-department
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^language = #vi
* ^caseSensitive = true
* ^hierarchyMeaning = #is-a
* ^content = #complete

* #kham-benh "Khám bệnh" "Khoa Khám bệnh — outpatient reception and general examination."
  * ^designation[0].language = #en
  * ^designation[0].value = "Outpatient examination"
  * #kham-suc-khoe "Khám sức khỏe" "Khám sức khỏe định kỳ / theo yêu cầu — periodic and on-demand health check-ups."
    * ^designation[0].language = #en
    * ^designation[0].value = "Health check-ups"
  * #kham-theo-yeu-cau "Khám theo yêu cầu" "Phòng khám theo yêu cầu — on-demand outpatient clinic with chosen doctor."
    * ^designation[0].language = #en
    * ^designation[0].value = "On-demand (private) clinic"
* #cap-cuu "Cấp cứu" "Khoa Cấp cứu — emergency department."
  * ^designation[0].language = #en
  * ^designation[0].value = "Emergency"
* #hoi-suc-tich-cuc "Hồi sức tích cực – Chống độc" "Khoa Hồi sức tích cực – Chống độc — ICU and poison control."
  * ^designation[0].language = #en
  * ^designation[0].value = "Intensive care and toxicology"
* #noi "Nội" "Khối Nội — internal medicine (general and subspecialties)."
  * ^designation[0].language = #en
  * ^designation[0].value = "Internal medicine"
  * #tim-mach "Tim mạch" "Khoa Nội tim mạch — cardiology."
    * ^designation[0].language = #en
    * ^designation[0].value = "Cardiology"
  * #tieu-hoa "Tiêu hóa" "Khoa Nội tiêu hóa — gastroenterology and hepatology."
    * ^designation[0].language = #en
    * ^designation[0].value = "Gastroenterology"
  * #ho-hap "Hô hấp" "Khoa Nội hô hấp — pulmonology."
    * ^designation[0].language = #en
    * ^designation[0].value = "Respiratory medicine"
  * #than-kinh "Thần kinh" "Khoa Nội thần kinh — neurology."
    * ^designation[0].language = #en
    * ^designation[0].value = "Neurology"
  * #noi-tiet "Nội tiết" "Khoa Nội tiết — endocrinology and diabetes."
    * ^designation[0].language = #en
    * ^designation[0].value = "Endocrinology"
  * #than-tiet-nieu "Thận – Tiết niệu" "Khoa Thận – Tiết niệu (nội) — nephrology and dialysis."
    * ^designation[0].language = #en
    * ^designation[0].value = "Nephrology"
  * #lao-khoa "Lão khoa" "Khoa Lão khoa — geriatric medicine."
    * ^designation[0].language = #en
    * ^designation[0].value = "Geriatrics"
* #truyen-nhiem "Truyền nhiễm" "Khoa Bệnh nhiệt đới / Truyền nhiễm — infectious and tropical diseases."
  * ^designation[0].language = #en
  * ^designation[0].value = "Infectious diseases"
* #ngoai "Ngoại" "Khối Ngoại — surgery (general and subspecialties)."
  * ^designation[0].language = #en
  * ^designation[0].value = "Surgery"
  * #ngoai-tong-hop "Ngoại tổng hợp" "Khoa Ngoại tổng hợp — general and abdominal surgery."
    * ^designation[0].language = #en
    * ^designation[0].value = "General surgery"
  * #chan-thuong-chinh-hinh "Chấn thương chỉnh hình" "Khoa Chấn thương chỉnh hình — orthopaedic and trauma surgery."
    * ^designation[0].language = #en
    * ^designation[0].value = "Orthopaedics and trauma"
  * #ngoai-than-kinh "Ngoại thần kinh" "Khoa Ngoại thần kinh — neurosurgery."
    * ^designation[0].language = #en
    * ^designation[0].value = "Neurosurgery"
  * #ngoai-tiet-nieu "Ngoại tiết niệu" "Khoa Ngoại tiết niệu — urological surgery."
    * ^designation[0].language = #en
    * ^designation[0].value = "Urology"
* #gay-me-hoi-suc "Gây mê hồi sức" "Khoa Gây mê hồi sức — anaesthesia, operating theatres and recovery."
  * ^designation[0].language = #en
  * ^designation[0].value = "Anaesthesia and recovery"
* #san "Sản" "Khoa Sản — obstetrics, antenatal care and delivery."
  * ^designation[0].language = #en
  * ^designation[0].value = "Obstetrics"
  * #phu-khoa "Phụ khoa" "Khoa Phụ khoa — gynaecology."
    * ^designation[0].language = #en
    * ^designation[0].value = "Gynaecology"
  * #ho-tro-sinh-san "Hỗ trợ sinh sản" "Trung tâm Hỗ trợ sinh sản — fertility and IVF."
    * ^designation[0].language = #en
    * ^designation[0].value = "Reproductive medicine"
* #nhi "Nhi" "Khoa Nhi — paediatrics."
  * ^designation[0].language = #en
  * ^designation[0].value = "Paediatrics"
  * #so-sinh "Sơ sinh" "Khoa Sơ sinh — neonatal care and neonatal intensive care."
    * ^designation[0].language = #en
    * ^designation[0].value = "Neonatology"
* #tai-mui-hong "Tai Mũi Họng" "Khoa Tai Mũi Họng — ear, nose and throat."
  * ^designation[0].language = #en
  * ^designation[0].value = "Otorhinolaryngology (ENT)"
* #mat "Mắt" "Khoa Mắt — ophthalmology."
  * ^designation[0].language = #en
  * ^designation[0].value = "Ophthalmology"
* #rang-ham-mat "Răng Hàm Mặt" "Khoa Răng Hàm Mặt — dentistry and maxillofacial surgery."
  * ^designation[0].language = #en
  * ^designation[0].value = "Odontostomatology and maxillofacial surgery"
* #da-lieu "Da liễu" "Khoa Da liễu — dermatology and venereology."
  * ^designation[0].language = #en
  * ^designation[0].value = "Dermatology"
* #ung-buou "Ung bướu" "Trung tâm/Khoa Ung bướu — oncology and radiotherapy."
  * ^designation[0].language = #en
  * ^designation[0].value = "Oncology"
* #y-hoc-co-truyen "Y học cổ truyền" "Khoa Y học cổ truyền — traditional Vietnamese medicine."
  * ^designation[0].language = #en
  * ^designation[0].value = "Traditional medicine"
* #phuc-hoi-chuc-nang "Phục hồi chức năng" "Khoa Phục hồi chức năng — physical medicine and rehabilitation."
  * ^designation[0].language = #en
  * ^designation[0].value = "Rehabilitation"
* #tam-than "Tâm thần" "Khoa Tâm thần / Tâm bệnh — psychiatry and mental health."
  * ^designation[0].language = #en
  * ^designation[0].value = "Psychiatry"
* #dinh-duong "Dinh dưỡng" "Khoa Dinh dưỡng — clinical nutrition and dietetics."
  * ^designation[0].language = #en
  * ^designation[0].value = "Clinical nutrition"
* #xet-nghiem "Xét nghiệm" "Khoa Xét nghiệm — clinical laboratory (haematology, biochemistry, microbiology)."
  * ^designation[0].language = #en
  * ^designation[0].value = "Laboratory"
* #chan-doan-hinh-anh "Chẩn đoán hình ảnh" "Khoa Chẩn đoán hình ảnh — radiology, CT, MRI, ultrasound."
  * ^designation[0].language = #en
  * ^designation[0].value = "Diagnostic imaging"
* #tham-do-chuc-nang "Thăm dò chức năng" "Khoa Thăm dò chức năng — ECG, EEG, endoscopy, respiratory function tests."
  * ^designation[0].language = #en
  * ^designation[0].value = "Functional diagnostics"
* #giai-phau-benh "Giải phẫu bệnh" "Khoa Giải phẫu bệnh — anatomical pathology and cytology."
  * ^designation[0].language = #en
  * ^designation[0].value = "Pathology"
* #duoc "Dược" "Khoa Dược — hospital pharmacy."
  * ^designation[0].language = #en
  * ^designation[0].value = "Pharmacy"
* #kiem-soat-nhiem-khuan "Kiểm soát nhiễm khuẩn" "Khoa Kiểm soát nhiễm khuẩn — infection prevention and sterilisation."
  * ^designation[0].language = #en
  * ^designation[0].value = "Infection control"

ValueSet: VNQNDepartmentVS
Id: department
Title: "Khoa, phòng khám — Quang Ninh hospital departments and specialties"
Description: "All departments and specialties of the province department code system."
* ^url = $vs-department
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^language = #vi
* include codes from system $cs-department
