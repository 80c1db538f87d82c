// Campuses and a clinic room of the three hospitals.

Instance: loc-bvdk-tinh-campus
InstanceOf: VNQNLocation
Usage: #example
Title: "Cơ sở chính — Bệnh viện Đa khoa tỉnh Quảng Ninh"
* status = #active
* name = "Bệnh viện Đa khoa tỉnh Quảng Ninh — cơ sở chính"
* mode = #instance
* physicalType = $loc-physical-type#si "Site"
* address.text = "Phố Tuệ Tĩnh, phường Bạch Đằng, thành phố Hạ Long, tỉnh Quảng Ninh"
* address.line = "Phố Tuệ Tĩnh"
* address.district = "Phường Bạch Đằng"
* address.city = "Hạ Long"
* address.state = "Quảng Ninh"
* address.country = "VN"
* position.latitude = 20.9530
* position.longitude = 107.0846
* managingOrganization = Reference(bvdk-tinh-quang-ninh)

Instance: loc-bvdk-tinh-phong-kham-tim-mach
InstanceOf: VNQNLocation
Usage: #example
Title: "Phòng khám Tim mạch — Bệnh viện Đa khoa tỉnh Quảng Ninh"
* status = #active
* name = "Phòng khám Tim mạch 1 — Tầng 2, Nhà khám bệnh"
* mode = #instance
* physicalType = $loc-physical-type#ro "Room"
* managingOrganization = Reference(bvdk-tinh-quang-ninh)
* partOf = Reference(loc-bvdk-tinh-campus)

Instance: loc-bv-san-nhi-campus
InstanceOf: VNQNLocation
Usage: #example
Title: "Cơ sở chính — Bệnh viện Sản Nhi Quảng Ninh"
* status = #active
* name = "Bệnh viện Sản Nhi Quảng Ninh — cơ sở chính"
* mode = #instance
* physicalType = $loc-physical-type#si "Site"
* address.district = "Phường Đại Yên"
* address.city = "Hạ Long"
* address.state = "Quảng Ninh"
* address.country = "VN"
* managingOrganization = Reference(bv-san-nhi-quang-ninh)

Instance: loc-bv-bai-chay-campus
InstanceOf: VNQNLocation
Usage: #example
Title: "Cơ sở chính — Bệnh viện Bãi Cháy"
* status = #active
* name = "Bệnh viện Bãi Cháy — cơ sở chính"
* mode = #instance
* physicalType = $loc-physical-type#si "Site"
* address.district = "Phường Giếng Đáy"
* address.city = "Hạ Long"
* address.state = "Quảng Ninh"
* address.country = "VN"
* managingOrganization = Reference(bv-bai-chay)
