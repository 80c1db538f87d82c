// Demographic terminology (issue 3, second part): Vietnam's ethnic groups and Quảng Ninh's
// administrative units. Both are official GSO lists; the codes here must never be renumbered.

// ---- Ethnic groups -------------------------------------------------------------------------------

CodeSystem: VNEthnicGroupCS
Id: vn-ethnic-group
Title: "Danh mục các dân tộc Việt Nam — Vietnam's 54 ethnic groups"
Description: "The 54 ethnic groups of Vietnam with the two-digit codes of the General Statistics Office's list 'Danh mục các thành phần dân tộc Việt Nam', Quyết định 121-TCTK/PPCĐ of 2 March 1979 (01 Kinh … 53 Ơ Đu, 54 Rơ-măm): the list the Ministry of Health's XML claim tables use for MA_DANTOC. Codes keep their leading zero ('01'). Note: the GSO's later list (Quyết định 1019/QĐ-TCTK of 12 November 2008, used by the censuses) numbers the groups differently from 04 on (04 Mường, 05 Khơ-me, 06 Hoa, …, 54 Ơ Đu): a source that uses it must be mapped to these codes. Display is the official name; the definition gives the common alternative where there is one."
* ^url = $cs-ethnic-group
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^language = #vi
* ^caseSensitive = true
* ^content = #complete
* #01 "Kinh" "Kinh (Việt)"
* #02 "Tày"
* #03 "Thái"
* #04 "Hoa" "Hoa (Hán)"
* #05 "Khơ-me"
* #06 "Mường"
* #07 "Nùng"
* #08 "HMông" "HMông (Mông, Mèo)"
* #09 "Dao"
* #10 "Gia-rai"
* #11 "Ngái"
* #12 "Ê-đê"
* #13 "Ba-na"
* #14 "Xơ-đăng"
* #15 "Sán Chay" "Sán Chay (Cao Lan – Sán Chỉ)"
* #16 "Cơ-ho"
* #17 "Chăm"
* #18 "Sán Dìu"
* #19 "Hrê"
* #20 "Mnông"
* #21 "Ra-glai"
* #22 "Xtiêng"
* #23 "Bru-Vân Kiều"
* #24 "Thổ"
* #25 "Giáy"
* #26 "Cơ-tu"
* #27 "Gié-Triêng"
* #28 "Mạ"
* #29 "Khơ-mú"
* #30 "Co"
* #31 "Tà-ôi"
* #32 "Chơ-ro"
* #33 "Kháng"
* #34 "Xinh-mun"
* #35 "Hà Nhì"
* #36 "Chu-ru"
* #37 "Lào"
* #38 "La Chí"
* #39 "La Ha"
* #40 "Phù Lá"
* #41 "La Hủ"
* #42 "Lự"
* #43 "Lô Lô"
* #44 "Chứt"
* #45 "Mảng"
* #46 "Pà Thẻn"
* #47 "Cơ Lao"
* #48 "Cống"
* #49 "Bố Y"
* #50 "Si La"
* #51 "Pu Péo"
* #52 "Brâu"
* #53 "Ơ Đu"
* #54 "Rơ-măm"

ValueSet: VNEthnicGroupVS
Id: vn-ethnic-group
Title: "Dân tộc — Vietnam's ethnic groups"
Description: "All 54 ethnic groups of the GSO list (Quyết định 121-TCTK/PPCĐ): the value of the vn-ethnicity extension on Patient."
* ^url = $vs-ethnic-group
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^language = #vi
* include codes from system $cs-ethnic-group

// ---- Administrative units -------------------------------------------------------------------------
// The code system URI is the one the vn-administrative-unit extension already fixes
// (https://fhir.quangninh.gov.vn/sid/vn-admin-unit, also a NamingSystem), so codes already written
// on addresses belong to it. Fragment: only Quảng Ninh's units are listed, and unlisted codes of other
// provinces stay valid (a fragment makes an unknown code a warning, not an error).

CodeSystem: VNAdministrativeUnitCS
Id: vn-admin-unit
Title: "Mã đơn vị hành chính Việt Nam — administrative units (Quảng Ninh fragment)"
Description: "Official codes of Vietnamese administrative units from the national list of administrative units (province 2 digits, district 3 digits, commune/ward/special zone 5 digits). FRAGMENT: lists the province of Quảng Ninh (22) and all of its 54 commune-level units in force since 1 July 2025 — 30 wards (phường), 22 communes (xã) and the special zones (đặc khu) Vân Đồn and Cô Tô — as arranged by the National Assembly Standing Committee's 2025 resolution on Quảng Ninh's commune-level units (following the Government's scheme 373/ĐA-CP of 9 May 2025), with the codes of the national list issued by Quyết định 19/2025/QĐ-TTg (in force 1 July 2025; new units keep the code of one of the units merged into them). The 13 former district-level units (cities, towns, districts; codes 193–207), abolished on 1 July 2025 when Vietnam dropped the district level, are kept with status retired so that older addresses still resolve. Former wards and communes are not listed (their codes are valid but unlisted). Names are as published; check codes against the official list before relying on them for statistics."
* ^url = $sid-admin-unit
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^language = #vi
* ^caseSensitive = true
* ^hierarchyMeaning = #part-of
* ^content = #fragment
* ^property[0].code = #level
* ^property[0].description = "Cấp hành chính: tinh (province), huyen (former district level), phuong (ward), xa (commune), dac-khu (special zone)"
* ^property[0].type = #code
* ^property[1].code = #status
* ^property[1].uri = "http://hl7.org/fhir/concept-properties#status"
* ^property[1].description = "active, or retired for units abolished by the 2025 reorganisation"
* ^property[1].type = #code
* #22 "Tỉnh Quảng Ninh"
  * ^property[0].code = #level
  * ^property[0].valueCode = #tinh
  * ^property[1].code = #status
  * ^property[1].valueCode = #active
  * #06652 "Phường Hà Tu"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06658 "Phường Cao Xanh"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06661 "Phường Việt Hưng"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06673 "Phường Bãi Cháy"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06676 "Phường Hà Lầm"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06685 "Phường Hồng Gai"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06688 "Phường Hạ Long"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06706 "Phường Tuần Châu"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06709 "Phường Móng Cái 2"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06712 "Phường Móng Cái 1"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06724 "Xã Hải Sơn"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06733 "Xã Hải Ninh"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06736 "Phường Móng Cái 3"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06757 "Xã Vĩnh Thực"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06760 "Phường Mông Dương"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06778 "Phường Quang Hanh"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06781 "Phường Cửa Ông"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06793 "Phường Cẩm Phả"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06799 "Xã Hải Hòa"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06811 "Phường Uông Bí"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06820 "Phường Vàng Danh"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06832 "Phường Yên Tử"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06838 "Xã Bình Liêu"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06841 "Xã Hoành Mô"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06856 "Xã Lục Hồn"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06862 "Xã Tiên Yên"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06874 "Xã Điền Xá"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06877 "Xã Đông Ngũ"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06886 "Xã Hải Lạng"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06895 "Xã Đầm Hà"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06913 "Xã Quảng Tân"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06922 "Xã Quảng Hà"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06931 "Xã Quảng Đức"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06946 "Xã Đường Hoa"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06967 "Xã Cái Chiên"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06970 "Xã Ba Chẽ"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06979 "Xã Kỳ Thượng"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06985 "Xã Lương Minh"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #06994 "Đặc khu Vân Đồn"
    * ^property[0].code = #level
    * ^property[0].valueCode = #dac-khu
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #07030 "Phường Hoành Bồ"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #07054 "Xã Quảng La"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #07060 "Xã Thống Nhất"
    * ^property[0].code = #level
    * ^property[0].valueCode = #xa
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #07069 "Phường Mạo Khê"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #07081 "Phường Bình Khê"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #07090 "Phường An Sinh"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #07093 "Phường Đông Triều"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #07114 "Phường Hoàng Quế"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #07132 "Phường Quảng Yên"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #07135 "Phường Đông Mai"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #07147 "Phường Hiệp Hòa"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #07168 "Phường Hà An"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #07180 "Phường Liên Hòa"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #07183 "Phường Phong Cốc"
    * ^property[0].code = #level
    * ^property[0].valueCode = #phuong
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #07192 "Đặc khu Cô Tô"
    * ^property[0].code = #level
    * ^property[0].valueCode = #dac-khu
    * ^property[1].code = #status
    * ^property[1].valueCode = #active
  * #193 "Thành phố Hạ Long" "Đơn vị hành chính cấp huyện cũ; cấp huyện bị bãi bỏ từ 01/07/2025 (former district-level unit, abolished on 1 July 2025: kept so that older addresses keep their code)."
    * ^property[0].code = #level
    * ^property[0].valueCode = #huyen
    * ^property[1].code = #status
    * ^property[1].valueCode = #retired
  * #194 "Thành phố Móng Cái" "Đơn vị hành chính cấp huyện cũ; cấp huyện bị bãi bỏ từ 01/07/2025 (former district-level unit, abolished on 1 July 2025: kept so that older addresses keep their code)."
    * ^property[0].code = #level
    * ^property[0].valueCode = #huyen
    * ^property[1].code = #status
    * ^property[1].valueCode = #retired
  * #195 "Thành phố Cẩm Phả" "Đơn vị hành chính cấp huyện cũ; cấp huyện bị bãi bỏ từ 01/07/2025 (former district-level unit, abolished on 1 July 2025: kept so that older addresses keep their code)."
    * ^property[0].code = #level
    * ^property[0].valueCode = #huyen
    * ^property[1].code = #status
    * ^property[1].valueCode = #retired
  * #196 "Thành phố Uông Bí" "Đơn vị hành chính cấp huyện cũ; cấp huyện bị bãi bỏ từ 01/07/2025 (former district-level unit, abolished on 1 July 2025: kept so that older addresses keep their code)."
    * ^property[0].code = #level
    * ^property[0].valueCode = #huyen
    * ^property[1].code = #status
    * ^property[1].valueCode = #retired
  * #198 "Huyện Bình Liêu" "Đơn vị hành chính cấp huyện cũ; cấp huyện bị bãi bỏ từ 01/07/2025 (former district-level unit, abolished on 1 July 2025: kept so that older addresses keep their code)."
    * ^property[0].code = #level
    * ^property[0].valueCode = #huyen
    * ^property[1].code = #status
    * ^property[1].valueCode = #retired
  * #199 "Huyện Tiên Yên" "Đơn vị hành chính cấp huyện cũ; cấp huyện bị bãi bỏ từ 01/07/2025 (former district-level unit, abolished on 1 July 2025: kept so that older addresses keep their code)."
    * ^property[0].code = #level
    * ^property[0].valueCode = #huyen
    * ^property[1].code = #status
    * ^property[1].valueCode = #retired
  * #200 "Huyện Đầm Hà" "Đơn vị hành chính cấp huyện cũ; cấp huyện bị bãi bỏ từ 01/07/2025 (former district-level unit, abolished on 1 July 2025: kept so that older addresses keep their code)."
    * ^property[0].code = #level
    * ^property[0].valueCode = #huyen
    * ^property[1].code = #status
    * ^property[1].valueCode = #retired
  * #201 "Huyện Hải Hà" "Đơn vị hành chính cấp huyện cũ; cấp huyện bị bãi bỏ từ 01/07/2025 (former district-level unit, abolished on 1 July 2025: kept so that older addresses keep their code)."
    * ^property[0].code = #level
    * ^property[0].valueCode = #huyen
    * ^property[1].code = #status
    * ^property[1].valueCode = #retired
  * #202 "Huyện Ba Chẽ" "Đơn vị hành chính cấp huyện cũ; cấp huyện bị bãi bỏ từ 01/07/2025 (former district-level unit, abolished on 1 July 2025: kept so that older addresses keep their code)."
    * ^property[0].code = #level
    * ^property[0].valueCode = #huyen
    * ^property[1].code = #status
    * ^property[1].valueCode = #retired
  * #203 "Huyện Vân Đồn" "Đơn vị hành chính cấp huyện cũ; cấp huyện bị bãi bỏ từ 01/07/2025 (former district-level unit, abolished on 1 July 2025: kept so that older addresses keep their code)."
    * ^property[0].code = #level
    * ^property[0].valueCode = #huyen
    * ^property[1].code = #status
    * ^property[1].valueCode = #retired
  * #205 "Đông Triều" "Đơn vị hành chính cấp huyện cũ (thị xã, thành phố từ năm 2024); cấp huyện bị bãi bỏ từ 01/07/2025 (former district-level unit, abolished on 1 July 2025: kept so that older addresses keep their code)."
    * ^property[0].code = #level
    * ^property[0].valueCode = #huyen
    * ^property[1].code = #status
    * ^property[1].valueCode = #retired
  * #206 "Thị xã Quảng Yên" "Đơn vị hành chính cấp huyện cũ; cấp huyện bị bãi bỏ từ 01/07/2025 (former district-level unit, abolished on 1 July 2025: kept so that older addresses keep their code)."
    * ^property[0].code = #level
    * ^property[0].valueCode = #huyen
    * ^property[1].code = #status
    * ^property[1].valueCode = #retired
  * #207 "Huyện Cô Tô" "Đơn vị hành chính cấp huyện cũ; cấp huyện bị bãi bỏ từ 01/07/2025 (former district-level unit, abolished on 1 July 2025: kept so that older addresses keep their code)."
    * ^property[0].code = #level
    * ^property[0].valueCode = #huyen
    * ^property[1].code = #status
    * ^property[1].valueCode = #retired

ValueSet: VNQuangNinhAdministrativeUnitVS
Id: quang-ninh-admin-unit
Title: "Đơn vị hành chính tỉnh Quảng Ninh — Quảng Ninh administrative units"
Description: "The province of Quảng Ninh, its 54 commune-level units in force since 1 July 2025 and its 13 former district-level units (retired), as listed in the administrative unit code system."
* ^url = $vs-qn-admin-unit
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^language = #vi
* include codes from system $sid-admin-unit
