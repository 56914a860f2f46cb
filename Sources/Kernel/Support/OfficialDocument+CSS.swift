// The one stylesheet of the printed documents, after GB/T 9704-2012 on A4: 版心 156 mm × 225 mm
// (margins 37 mm top, 26 mm right, 35 mm bottom, 28 mm left), 3号 (16 pt) 仿宋 正文 at 22 lines of
// 28 characters a page (7.1: the character is narrowed to 15.78 pt so that 28 fill the 156 mm line,
// the line is 28.95 pt so that 22 fill the 225 mm), 2号 小标宋 title, red 发文机关标志 and separator,
// page numbers "— 1 —" in 4号 宋体 outside the 版心 (odd pages right, even pages left).
// The fonts fall back to Noto CJK (serif, and sans for 黑体), so that it renders where no Windows
// fonts are installed. A constant, so that a page may allow exactly it by its SHA-256 hash.

extension OfficialDocument {
    public static let css = """
@page{size:A4;margin:37mm 26mm 35mm 28mm}
@page:right{@bottom-right{content:"— " counter(page) " —";vertical-align:top;padding-top:7mm;margin-right:1em;font-size:14pt;font-family:"SimSun","宋体","Songti SC","Noto Serif CJK SC",serif}}
@page:left{@bottom-left{content:"— " counter(page) " —";vertical-align:top;padding-top:7mm;margin-left:1em;font-size:14pt;font-family:"SimSun","宋体","Songti SC","Noto Serif CJK SC",serif}}
html{background:#e6e6e6}
body.official{margin:0;padding:0 0 24px;color:#000;font-family:"FangSong","仿宋","FangSong_GB2312","仿宋_GB2312","STFangsong","Noto Serif CJK SC","Noto Serif CJK",serif;font-size:16pt;letter-spacing:-0.22pt;line-height:28.95pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.sheet{box-sizing:border-box;width:210mm;max-width:100%;min-height:297mm;margin:0 auto;padding:37mm 26mm 35mm 28mm;background:#fff;box-shadow:0 1px 6px rgba(0,0,0,.35);display:flex;flex-direction:column}
.sheet>main{flex:1 0 auto}
p,h1,h2,h3,ol{margin:0}
.head{text-align:center;padding-top:33mm}
.mark{color:#c00000;font-family:"FZXiaoBiaoSong-B05S","方正小标宋简体","方正小标宋_GBK","STZhongsong","华文中宋","Noto Serif CJK SC",serif;font-weight:900;line-height:1.15;letter-spacing:.04em;white-space:nowrap}
.mark-l{font-size:42pt}.mark-m{font-size:34pt}.mark-s{font-size:27pt}.mark-xs{font-size:22pt}
.number{margin-top:57.9pt;line-height:28.95pt}
.rule{margin-top:4mm;border-top:.6mm solid #c00000}
.title{margin-top:57.9pt;font-family:"FZXiaoBiaoSong-B05S","方正小标宋简体","方正小标宋_GBK","STZhongsong","华文中宋","Noto Serif CJK SC",serif;font-size:22pt;font-weight:700;letter-spacing:0;line-height:36pt;text-align:center;text-wrap:balance}
.title+.para,.title+.h1,.title+.plain{margin-top:28.95pt}
.to{margin-top:28.95pt}
.para{text-indent:31.56pt;text-align:justify}
.plain{text-align:justify}
.h1{text-indent:31.56pt;font-family:"SimHei","黑体","Heiti SC","Noto Sans CJK SC",sans-serif;font-size:16pt;font-weight:700;line-height:28.95pt;break-after:avoid}
.h2{text-indent:31.56pt;font-family:"KaiTi","楷体","KaiTi_GB2312","STKaiti","Noto Serif CJK SC",serif;font-size:16pt;font-weight:700;line-height:28.95pt;break-after:avoid}
.numbered{padding-left:63.12pt}
.annex-note{margin-top:28.95pt;padding-left:31.56pt;display:flex}
.annex-note ol{padding-left:1.5em}
.signoff{margin:28.95pt 31.56pt 0 auto;width:max-content;text-align:left}
.signoff .date{padding-left:31.56pt}
.annex{break-before:page;margin-top:28.95pt}
.annex-label{font-family:"SimHei","黑体","Heiti SC","Noto Sans CJK SC",sans-serif;font-weight:700}
.annex-title{margin:28.95pt 0;text-wrap:balance;font-family:"FZXiaoBiaoSong-B05S","方正小标宋简体","STZhongsong","华文中宋","Noto Serif CJK SC",serif;font-size:22pt;font-weight:700;letter-spacing:0;line-height:36pt;text-align:center}
.grid{width:100%;border-collapse:collapse;margin:8pt 0 14pt;font-size:12pt;letter-spacing:0;line-height:1.5}
.grid caption{font-family:"SimHei","黑体","Heiti SC","Noto Sans CJK SC",sans-serif;font-weight:700;padding-bottom:4pt}
.grid th,.grid td{border:1px solid #000;padding:2pt 4pt;vertical-align:top;text-align:left}
.grid th{font-family:"SimHei","黑体","Heiti SC","Noto Sans CJK SC",sans-serif;font-weight:700;text-align:center;white-space:nowrap}
.grid thead{display:table-header-group}
.grid tr{break-inside:avoid}
.imprint{margin-top:57.9pt;border-top:.35mm solid #000;border-bottom:.35mm solid #000;font-size:14pt;letter-spacing:0;line-height:2;break-inside:avoid}
.imprint p{padding:0 14pt}
.imprint .copied{border-bottom:.25mm solid #000}
.imprint .printed{display:flex;justify-content:space-between}
.footnote{margin-top:6pt;font-size:10.5pt;letter-spacing:0;line-height:1.5;color:#333}
.screen-bar{box-sizing:border-box;width:210mm;max-width:100%;margin:0 auto;padding:10px 12px;font:15px/1.5 "Noto Sans CJK SC",sans-serif;letter-spacing:0;color:#1a1a1a}
.screen-bar a{color:#0645ad;margin-right:1.5em}
@media print{html{background:none}body.official{padding:0}.sheet{width:auto;min-height:0;padding:0;margin:0;box-shadow:none;display:block}.screen-bar{display:none}.annex{margin-top:0}}
"""
}
