CONG_VAN = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 215/UBND-KGVX
V/v tăng cường bảo đảm an toàn
thông tin mạng trong dịp lễ

Quảng Ngãi, ngày 20 tháng 8 năm 2025

Kính gửi:
- Các sở, ban, ngành tỉnh;
- Ủy ban nhân dân các xã, phường.

Thực hiện Công điện số 12/CĐ-TTg ngày 05/8/2025 của Thủ tướng Chính phủ và Nghị định số 85/2016/NĐ-CP, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:

1. Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch Ủy ban nhân dân các xã, phường:

a) Rà soát toàn bộ hệ thống thông tin thuộc phạm vi quản lý, gửi kết quả về Công an tỉnh trước ngày 30/8/2025.

b) Định kỳ hằng quý (trước ngày 15 của tháng cuối quý) báo cáo tình hình bảo đảm an toàn thông tin mạng.

c) Tổ chức diễn tập thực chiến tối thiểu 01 lần/năm đối với hệ thống cấp độ 3 trở lên.

2. Công an tỉnh

- Chủ trì kiểm tra việc tuân thủ quy định về an toàn thông tin mạng (hoàn thành trong quý IV/2025).

- Tổng hợp, báo cáo Ủy ban nhân dân tỉnh trong tháng 12/2025.

3. Giao Sở Tài chính chủ trì, bố trí kinh phí bảo đảm an toàn thông tin mạng năm 2026.

Yêu cầu các đơn vị nghiêm túc triển khai thực hiện./.

Nơi nhận:
- Như trên;
- Lưu: VT.
"""
