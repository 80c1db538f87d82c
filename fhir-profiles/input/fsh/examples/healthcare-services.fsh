// Departments and clinics patients can book with.

Instance: hs-bvdk-tinh-kham-benh
InstanceOf: VNQNHealthcareService
Usage: #example
Title: "Khoa Khám bệnh — Bệnh viện Đa khoa tỉnh Quảng Ninh"
* active = true
* providedBy = Reference(bvdk-tinh-quang-ninh)
* type = $cs-department#kham-benh "Khám bệnh"
* location = Reference(loc-bvdk-tinh-campus)
* name = "Khoa Khám bệnh"
* appointmentRequired = false
* availableTime[0].daysOfWeek[0] = #mon
* availableTime[0].daysOfWeek[1] = #tue
* availableTime[0].daysOfWeek[2] = #wed
* availableTime[0].daysOfWeek[3] = #thu
* availableTime[0].daysOfWeek[4] = #fri
* availableTime[0].availableStartTime = "07:00:00"
* availableTime[0].availableEndTime = "17:00:00"

Instance: hs-bvdk-tinh-tim-mach
InstanceOf: VNQNHealthcareService
Usage: #example
Title: "Khoa Nội tim mạch — Bệnh viện Đa khoa tỉnh Quảng Ninh"
* active = true
* providedBy = Reference(bvdk-tinh-quang-ninh)
* type = $cs-department#tim-mach "Tim mạch"
* specialty = $cs-department#noi "Nội"
* location = Reference(loc-bvdk-tinh-phong-kham-tim-mach)
* name = "Khoa Nội tim mạch"
* appointmentRequired = true

Instance: hs-bv-san-nhi-nhi
InstanceOf: VNQNHealthcareService
Usage: #example
Title: "Khoa Nhi — Bệnh viện Sản Nhi Quảng Ninh"
* active = true
* providedBy = Reference(bv-san-nhi-quang-ninh)
* type = $cs-department#nhi "Nhi"
* location = Reference(loc-bv-san-nhi-campus)
* name = "Khoa Khám bệnh Nhi"

Instance: hs-bv-san-nhi-san
InstanceOf: VNQNHealthcareService
Usage: #example
Title: "Khoa Sản — Bệnh viện Sản Nhi Quảng Ninh"
* active = true
* providedBy = Reference(bv-san-nhi-quang-ninh)
* type = $cs-department#san "Sản"
* location = Reference(loc-bv-san-nhi-campus)
* name = "Khoa Khám Sản — Phụ khoa"

Instance: hs-bv-bai-chay-mat
InstanceOf: VNQNHealthcareService
Usage: #example
Title: "Khoa Mắt — Bệnh viện Bãi Cháy"
* active = true
* providedBy = Reference(bv-bai-chay)
* type = $cs-department#mat "Mắt"
* location = Reference(loc-bv-bai-chay-campus)
* name = "Khoa Mắt"

Instance: hs-bv-bai-chay-tai-mui-hong
InstanceOf: VNQNHealthcareService
Usage: #example
Title: "Khoa Tai Mũi Họng — Bệnh viện Bãi Cháy"
* active = true
* providedBy = Reference(bv-bai-chay)
* type = $cs-department#tai-mui-hong "Tai Mũi Họng"
* location = Reference(loc-bv-bai-chay-campus)
* name = "Khoa Tai Mũi Họng"
