<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <source>Jan</source>
        <translation>1月</translation>
    </message>
    <message>
        <source>Feb</source>
        <translation>2月</translation>
    </message>
    <message>
        <source>Mar</source>
        <translation>3月</translation>
    </message>
    <message>
        <source>Apr</source>
        <translation>4月</translation>
    </message>
    <message>
        <source>May</source>
        <translation>5月</translation>
    </message>
    <message>
        <source>Jun</source>
        <translation>6月</translation>
    </message>
    <message>
        <source>Jul</source>
        <translation>7月</translation>
    </message>
    <message>
        <source>Aug</source>
        <translation>8月</translation>
    </message>
    <message>
        <source>Sep</source>
        <translation>9月</translation>
    </message>
    <message>
        <source>Oct</source>
        <translation>10月</translation>
    </message>
    <message>
        <source>Nov</source>
        <translation>11月</translation>
    </message>
    <message>
        <source>Dec</source>
        <translation>12月</translation>
    </message>
    <message>
        <source>dry bulb (C); humidity ratio (g/kg) up; dots: the climate&apos;s hours</source>
        <translation>横轴：干球温度（°C）；纵轴：含湿量（g/kg）；点：气候年的逐时状态</translation>
    </message>
    <message>
        <source>free cooling</source>
        <translation>自然冷却</translation>
    </message>
    <message>
        <source>partial</source>
        <translation>部分自然冷却</translation>
    </message>
    <message>
        <source>mechanical</source>
        <translation>机械制冷</translation>
    </message>
    <message>
        <source>Recover unsaved changes?</source>
        <translation>恢复未保存的修改？</translation>
    </message>
    <message>
        <source>ParkTwin Studio did not close normally. Recover the changes that were not saved?</source>
        <translation>ParkTwin Studio 上次未正常关闭。是否恢复尚未保存的修改？</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周次</translation>
    </message>
    <message>
        <source>PV</source>
        <translation>光伏</translation>
    </message>
    <message>
        <source>wind</source>
        <translation>风电</translation>
    </message>
    <message>
        <source>contracts</source>
        <translation>直供合同</translation>
    </message>
    <message>
        <source>storage discharge</source>
        <translation>储能放电</translation>
    </message>
    <message>
        <source>grid import</source>
        <translation>电网购电</translation>
    </message>
    <message>
        <source>load</source>
        <translation>负荷</translation>
    </message>
    <message>
        <source>The park&apos;s supply in week %1, MW (the stack above the load is stored, exported or curtailed)</source>
        <translation>第 %1 周园区供电，MW（高出负荷的部分被储存、上网或弃电）</translation>
    </message>
    <message>
        <source>day of the week</source>
        <translation>周内天数</translation>
    </message>
    <message>
        <source>No dispatch: the scenario has no flexible compute</source>
        <translation>无调度：本场景没有可调度算力</translation>
    </message>
    <message>
        <source>green supply</source>
        <translation>绿电供应</translation>
    </message>
    <message>
        <source>IT profiled</source>
        <translation>IT（原负荷曲线）</translation>
    </message>
    <message>
        <source>IT dispatched</source>
        <translation>IT（调度后）</translation>
    </message>
    <message>
        <source>Week %1, MW: IT dispatched (blue), profiled (grey); green supply (yellow, cut)</source>
        <translation>第 %1 周，MW：调度后 IT（蓝）、原负荷 IT（灰）；绿电供应（黄，顶部截断）</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未达到</translation>
    </message>
</context>
<context>
    <name>parktwin::studio::ChartsPanel</name>
    <message>
        <source>Monthly PUE</source>
        <translation>逐月 PUE</translation>
    </message>
    <message>
        <source>Cooling mode, 365 x 24</source>
        <translation>冷却模式（365 × 24）</translation>
    </message>
    <message>
        <source>Hourly PUE, 365 x 24</source>
        <translation>逐时 PUE（365 × 24）</translation>
    </message>
    <message>
        <source>Energy by end use</source>
        <translation>分项能耗</translation>
    </message>
    <message>
        <source>Load duration</source>
        <translation>负荷持续曲线</translation>
    </message>
    <message>
        <source>Heat delivered vs demand</source>
        <translation>供热量与热需求</translation>
    </message>
    <message>
        <source>Psychrometric chart</source>
        <translation>焓湿图</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG picture (*.png);;SVG drawing (*.svg);;Data (*.csv)</source>
        <translation>PNG 图片 (*.png);;SVG 矢量图 (*.svg);;数据 (*.csv)</translation>
    </message>
    <message>
        <source>PUE</source>
        <translation>PUE</translation>
    </message>
    <message>
        <source>Monthly PUE: %1</source>
        <translation>逐月 PUE：%1</translation>
    </message>
    <message>
        <source>Cooling mode through the year: %1</source>
        <translation>全年冷却模式：%1</translation>
    </message>
    <message>
        <source>free cooling</source>
        <translation>自然冷却</translation>
    </message>
    <message>
        <source>partial</source>
        <translation>部分自然冷却</translation>
    </message>
    <message>
        <source>mechanical</source>
        <translation>机械制冷</translation>
    </message>
    <message>
        <source>Hourly PUE: %1</source>
        <translation>逐时 PUE：%1</translation>
    </message>
    <message>
        <source>Air fans</source>
        <translation>空气侧风机</translation>
    </message>
    <message>
        <source>Heat-rejection fans</source>
        <translation>排热风机</translation>
    </message>
    <message>
        <source>Compressors</source>
        <translation>压缩机</translation>
    </message>
    <message>
        <source>Pumps</source>
        <translation>水泵</translation>
    </message>
    <message>
        <source>Humidification</source>
        <translation>加湿</translation>
    </message>
    <message>
        <source>Lighting</source>
        <translation>照明</translation>
    </message>
    <message>
        <source>Auxiliaries</source>
        <translation>辅助用电</translation>
    </message>
    <message>
        <source>UPS losses</source>
        <translation>UPS 损耗</translation>
    </message>
    <message>
        <source>Distribution losses</source>
        <translation>配电损耗</translation>
    </message>
    <message>
        <source>Transformer losses</source>
        <translation>变压器损耗</translation>
    </message>
    <message>
        <source>MWh</source>
        <translation>MWh</translation>
    </message>
    <message>
        <source>Energy beyond IT by end use, MWh a year (IT: %1 MWh): %2</source>
        <translation>IT 以外的分项年能耗（MWh；IT：%1 MWh）：%2</translation>
    </message>
    <message>
        <source>facility</source>
        <translation>总用电</translation>
    </message>
    <message>
        <source>IT</source>
        <translation>IT</translation>
    </message>
    <message>
        <source>Load duration (MW, hours a year at or above): %1</source>
        <translation>负荷持续曲线（MW；全年达到或超过的小时数）：%1</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>供出</translation>
    </message>
    <message>
        <source>demand</source>
        <translation>需求</translation>
    </message>
    <message>
        <source>Heat delivered to district heating against demand, MWh a month: %1</source>
        <translation>向区域供热供出的热量与热需求（MWh/月）：%1</translation>
    </message>
    <message>
        <source>Climate hours and the cooling regions of %1 (at %2 kPa)</source>
        <translation>气候逐时状态与 %1 的冷却区域（%2 kPa）</translation>
    </message>
    <message>
        <source>Climate hours</source>
        <translation>气候逐时状态</translation>
    </message>
    <message>
        <source>Supply, one week</source>
        <translation>一周供电</translation>
    </message>
    <message>
        <source>Monthly balance</source>
        <translation>月度电量平衡</translation>
    </message>
    <message>
        <source>Hourly green share, 365 x 24</source>
        <translation>逐时绿电占比，365 x 24</translation>
    </message>
    <message>
        <source>green used</source>
        <translation>已用绿电</translation>
    </message>
    <message>
        <source>grid import</source>
        <translation>电网购电</translation>
    </message>
    <message>
        <source>green exported or curtailed</source>
        <translation>上网或弃用的绿电</translation>
    </message>
    <message>
        <source>The park&apos;s monthly balance, GWh: green supply used, grid import, green supply left over</source>
        <translation>园区月度电量平衡，GWh：已用绿电、电网购电、富余绿电</translation>
    </message>
    <message>
        <source>Hourly green share of the park&apos;s load: %1 % over the year</source>
        <translation>园区负荷的逐时绿电占比：全年 %1 %</translation>
    </message>
    <message>
        <source>Dispatch, one week</source>
        <translation>一周算力调度</translation>
    </message>
</context>
<context>
    <name>parktwin::studio::ClimatePanel</name>
    <message>
        <source>&lt;i&gt;No climate year loaded.&lt;/i&gt;</source>
        <translation>&lt;i&gt;未载入气候年。&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Stands in for: %1</source>
        <translation>代表：%1</translation>
    </message>
    <message>
        <source>Annual mean dry bulb</source>
        <translation>年平均干球温度</translation>
    </message>
    <message>
        <source>Warmest / coldest month</source>
        <translation>最热月 / 最冷月</translation>
    </message>
    <message>
        <source>Extremes</source>
        <translation>极端最高 / 最低</translation>
    </message>
    <message>
        <source>Mean / highest wet bulb</source>
        <translation>平均 / 最高湿球温度</translation>
    </message>
    <message>
        <source>Mean relative humidity</source>
        <translation>平均相对湿度</translation>
    </message>
    <message>
        <source>Mean station pressure</source>
        <translation>平均站点气压</translation>
    </message>
    <message>
        <source>Hours with wet bulb below %1 C</source>
        <translation>湿球温度低于 %1 °C 的小时数</translation>
    </message>
    <message>
        <source>Days with daily max wet bulb below %1 C</source>
        <translation>日最高湿球温度低于 %1 °C 的天数</translation>
    </message>
    <message>
        <source>Heating degree-hours (base %1 C)</source>
        <translation>供暖度时数（基准 %1 °C）</translation>
    </message>
    <message>
        <source>Global horizontal irradiation</source>
        <translation>水平面总辐照量</translation>
    </message>
</context>
<context>
    <name>parktwin::studio::Document</name>
    <message>
        <source>Set %1 to %2</source>
        <translation>将 %1 设为 %2</translation>
    </message>
    <message>
        <source>no scenario is open</source>
        <translation>未打开场景</translation>
    </message>
</context>
<context>
    <name>parktwin::studio::EquipmentLibrary</name>
    <message>
        <source>%1 kW per rack, %2 % of the heat to liquid</source>
        <translation>每机柜 %1 kW，%2 % 的热量由液冷带走</translation>
    </message>
    <message>
        <source>Drag onto a hall in the park tree or the 3D view.</source>
        <translation>拖到园区树或三维视图中的机房上。</translation>
    </message>
</context>
<context>
    <name>parktwin::studio::FiguresPanel</name>
    <message>
        <source>&lt;i&gt;Simulating...&lt;/i&gt;</source>
        <translation>&lt;i&gt;模拟中…&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;No hall in service at stage %2.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 阶段无投运机房。</translation>
    </message>
    <message>
        <source>stage %1</source>
        <translation>%1 阶段</translation>
    </message>
    <message>
        <source>PUE</source>
        <translation>PUE</translation>
    </message>
    <message>
        <source>pPUE cooling / power chain</source>
        <translation>pPUE（制冷 / 供配电）</translation>
    </message>
    <message>
        <source>ERE</source>
        <translation>ERE</translation>
    </message>
    <message>
        <source>WUE</source>
        <translation>WUE</translation>
    </message>
    <message>
        <source>IT energy</source>
        <translation>IT 能耗</translation>
    </message>
    <message>
        <source>Facility energy</source>
        <translation>总能耗</translation>
    </message>
    <message>
        <source>Free-cooling hours</source>
        <translation>自然冷却小时数</translation>
    </message>
    <message>
        <source>Compressor-free days</source>
        <translation>无压缩机运行天数</translation>
    </message>
    <message>
        <source>Heat delivered</source>
        <translation>供热量</translation>
    </message>
    <message>
        <source>Peak demand</source>
        <translation>峰值负荷</translation>
    </message>
    <message>
        <source>Energy cost</source>
        <translation>电费</translation>
    </message>
    <message>
        <source> M CNY</source>
        <translation> 百万元</translation>
    </message>
    <message>
        <source>CO2, location / market-based</source>
        <translation>CO2，基于位置 / 基于市场</translation>
    </message>
    <message>
        <source>Green share (with certificates)</source>
        <translation>绿电占比（含绿证）</translation>
    </message>
    <message>
        <source>24/7 carbon-free energy</source>
        <translation>24/7 无碳能源</translation>
    </message>
    <message>
        <source>Green-share target</source>
        <translation>绿电占比目标</translation>
    </message>
    <message>
        <source>met</source>
        <translation>达标</translation>
    </message>
    <message>
        <source>missed by %1 points</source>
        <translation>差 %1 个百分点</translation>
    </message>
</context>
<context>
    <name>parktwin::studio::MainWindow</name>
    <message>
        <source>ParkTwin Studio</source>
        <translation>ParkTwin Studio</translation>
    </message>
    <message>
        <source>Park</source>
        <translation>园区</translation>
    </message>
    <message>
        <source>Racks / IT</source>
        <translation>机柜 / IT</translation>
    </message>
    <message>
        <source>Park tree</source>
        <translation>园区结构</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Key figures</source>
        <translation>关键指标</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Colour by </source>
        <translation>着色依据 </translation>
    </message>
    <message>
        <source>View </source>
        <translation>视角 </translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>From the built-in &amp;Haidong park</source>
        <translation>基于内置海东园区(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Blank park</source>
        <translation>空白园区(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Open...</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open scenario</source>
        <translation>打开场景</translation>
    </message>
    <message>
        <source>Scenarios (*.json)</source>
        <translation>场景文件 (*.json)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;as...</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save scenario</source>
        <translation>保存场景</translation>
    </message>
    <message>
        <source>&amp;Compare with a saved scenario...</source>
        <translation>与已保存场景对比(&amp;C)…</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>对比对象</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <source>Could not open the scenario</source>
        <translation>无法打开场景</translation>
    </message>
    <message>
        <source>%1 has problems; nothing was changed.</source>
        <translation>%1 存在问题；当前模型未作任何改动。</translation>
    </message>
    <message>
        <source>ParkTwin Studio - %1[*]</source>
        <translation>ParkTwin Studio - %1[*]</translation>
    </message>
    <message>
        <source>Could not save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>The scenario has unsaved changes. Save them first?</source>
        <translation>场景有未保存的修改。是否先保存？</translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation>自动保存失败：%1</translation>
    </message>
    <message>
        <source>Recovered the unsaved changes of %1</source>
        <translation>已恢复 %1 未保存的修改</translation>
    </message>
    <message>
        <source>a new park</source>
        <translation>新园区</translation>
    </message>
    <message>
        <source>Could not compare: %1</source>
        <translation>无法对比：%1</translation>
    </message>
    <message>
        <source>Simulating %1 for the comparison...</source>
        <translation>正在模拟 %1 以进行对比…</translation>
    </message>
    <message>
        <source>Compared with %1: %2 inputs and %3 figures differ</source>
        <translation>与 %1 对比：%2 项输入、%3 项指标不同</translation>
    </message>
    <message>
        <source>Compare with %1</source>
        <translation>与 %1 对比</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>This scenario</source>
        <translation>当前场景</translation>
    </message>
    <message>
        <source>Inputs (%1 differ)</source>
        <translation>输入（%1 项不同）</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>无</translation>
    </message>
    <message>
        <source>No climate: %1</source>
        <translation>无气候数据：%1</translation>
    </message>
    <message>
        <source>Simulating the park through the year...</source>
        <translation>正在模拟园区全年运行…</translation>
    </message>
    <message>
        <source>%1 halls (%2 integrated) in %3 s on %4%5</source>
        <translation>%1 个机房（积分 %2 个），用时 %3 秒，气候：%4%5</translation>
    </message>
    <message>
        <source>; %1 failed</source>
        <translation>；%1 个失败</translation>
    </message>
    <message>
        <source>PUE</source>
        <translation>PUE</translation>
    </message>
    <message>
        <source>ERE</source>
        <translation>ERE</translation>
    </message>
    <message>
        <source>Free-cooling hours</source>
        <translation>自然冷却小时数</translation>
    </message>
    <message>
        <source>Compressor-free days</source>
        <translation>无压缩机运行天数</translation>
    </message>
    <message>
        <source>Heat delivered</source>
        <translation>供热量</translation>
    </message>
    <message>
        <source>the park</source>
        <translation>园区</translation>
    </message>
    <message>
        <source>Not changed:</source>
        <translation>未修改：</translation>
    </message>
    <message>
        <source>The edit was refused: %1</source>
        <translation>修改被拒绝：%1</translation>
    </message>
    <message>
        <source>IT power (mean)</source>
        <translation>IT 功率（平均）</translation>
    </message>
    <message>
        <source>Wing peak / substation capacity</source>
        <translation>片区峰值 / 变电站容量</translation>
    </message>
    <message>
        <source>Climate year</source>
        <translation>气候年</translation>
    </message>
    <message>
        <source>EnergyPlus weather (*.epw)</source>
        <translation>EnergyPlus 气象文件 (*.epw)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Climate</source>
        <translation>气候</translation>
    </message>
    <message>
        <source>Climate </source>
        <translation>气候 </translation>
    </message>
    <message>
        <source>Cannot use that climate: %1</source>
        <translation>无法使用该气候数据：%1</translation>
    </message>
    <message>
        <source>EPW file...</source>
        <translation>EPW 文件…</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play through the year, a day a step</source>
        <translation>逐日播放全年</translation>
    </message>
    <message>
        <source>Hour of the year: the open building&apos;s racks show their inlet temperature then</source>
        <translation>全年中的小时：所打开建筑的机柜显示该时刻的进风温度</translation>
    </message>
    <message>
        <source>IT inlet (C)</source>
        <translation>IT 进风温度 (°C)</translation>
    </message>
    <message>
        <source>Stage </source>
        <translation>阶段 </translation>
    </message>
    <message>
        <source>The build-out stage shown: its halls in service, occupancy and results</source>
        <translation>显示的建设阶段：其投运机房、上架率与结果</translation>
    </message>
    <message>
        <source>Rotate building</source>
        <translation>旋转建筑</translation>
    </message>
    <message>
        <source>Angle, degrees counter-clockwise:</source>
        <translation>角度（度，逆时针）：</translation>
    </message>
    <message>
        <source>Add &amp;wing</source>
        <translation>添加翼区(&amp;W)</translation>
    </message>
    <message>
        <source>A new empty wing east of the others</source>
        <translation>在其他翼区以东新建一个空翼区</translation>
    </message>
    <message>
        <source>Add &amp;building</source>
        <translation>添加建筑(&amp;B)</translation>
    </message>
    <message>
        <source>A new building with one hall, at the first free place in the wing</source>
        <translation>新建一栋含一个机房的建筑，放在翼区内第一个空位</translation>
    </message>
    <message>
        <source>Add &amp;hall</source>
        <translation>添加机房(&amp;H)</translation>
    </message>
    <message>
        <source>A new hall on the floor area left in the building</source>
        <translation>在建筑剩余楼面面积上新建一个机房</translation>
    </message>
    <message>
        <source>&amp;Duplicate</source>
        <translation>复制(&amp;D)</translation>
    </message>
    <message>
        <source>A copy beside it, with new ids</source>
        <translation>在旁边放一个副本，使用新的标识</translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation>删除(&amp;L)</translation>
    </message>
    <message>
        <source>Delete the selected wing, building, hall or rack group</source>
        <translation>删除所选的翼区、建筑、机房或机柜组</translation>
    </message>
    <message>
        <source>&amp;Rotate 90 degrees</source>
        <translation>旋转 90 度(&amp;R)</translation>
    </message>
    <message>
        <source>Turn the building a quarter turn about its centre</source>
        <translation>将建筑绕其中心旋转四分之一圈</translation>
    </message>
    <message>
        <source>Rotate &amp;by...</source>
        <translation>按角度旋转(&amp;B)...</translation>
    </message>
    <message>
        <source>Turn the building by an angle</source>
        <translation>将建筑旋转指定角度</translation>
    </message>
    <message>
        <source>Add racks: %1</source>
        <translation>添加机柜：%1</translation>
    </message>
    <message>
        <source>Add &amp;racks</source>
        <translation>添加机柜(&amp;R)</translation>
    </message>
    <message>
        <source>Move %1 to (%2, %3) m</source>
        <translation>将 %1 移到 (%2, %3) m</translation>
    </message>
    <message>
        <source>Cannot move here:</source>
        <translation>不能移到此处：</translation>
    </message>
    <message>
        <source>Cannot move here: %1</source>
        <translation>不能移到此处：%1</translation>
    </message>
    <message>
        <source>%1 (default)</source>
        <translation>%1（默认）</translation>
    </message>
    <message>
        <source>Lay &amp;out the halls</source>
        <translation>布置机房(&amp;O)</translation>
    </message>
    <message>
        <source>Rows of racks, aisles and cooling units for every hall of the building (replaces their layouts)</source>
        <translation>为建筑的每个机房布置机柜列、通道和制冷单元（替换原有布置）</translation>
    </message>
    <message>
        <source>%1, this minus %2</source>
        <translation>%1，本方案减 %2</translation>
    </message>
    <message>
        <source>WUE (L/kWh)</source>
        <translation>WUE (L/kWh)</translation>
    </message>
    <message>
        <source>IT energy (MWh)</source>
        <translation>IT 能耗 (MWh)</translation>
    </message>
    <message>
        <source>Facility energy (MWh)</source>
        <translation>设施总能耗 (MWh)</translation>
    </message>
    <message>
        <source>Free-cooling hours (h)</source>
        <translation>自然冷却小时数 (h)</translation>
    </message>
    <message>
        <source>Compressor-free days (d)</source>
        <translation>无压缩机运行天数 (d)</translation>
    </message>
    <message>
        <source>Heat delivered (MWh)</source>
        <translation>供出热量 (MWh)</translation>
    </message>
    <message>
        <source>Peak demand (kVA)</source>
        <translation>峰值需量 (kVA)</translation>
    </message>
    <message>
        <source>Energy cost (CNY)</source>
        <translation>电费 (元)</translation>
    </message>
    <message>
        <source>park</source>
        <translation>园区</translation>
    </message>
    <message>
        <source>This minus %1</source>
        <translation>本方案减 %1</translation>
    </message>
    <message>
        <source>Show the figures that are the same too</source>
        <translation>同时显示相同的指标</translation>
    </message>
    <message>
        <source>Differences are this scenario minus %1.</source>
        <translation>差值为本方案减去 %1。</translation>
    </message>
    <message>
        <source>Colour the 3D view by the difference of</source>
        <translation>三维视图按以下指标的差值着色</translation>
    </message>
    <message>
        <source>(no difference: the figure of Colour by)</source>
        <translation>（不按差值：使用“着色依据”的指标）</translation>
    </message>
    <message>
        <source>Key figures (%1 differ)</source>
        <translation>关键指标（%1 项不同）</translation>
    </message>
    <message>
        <source>Equipment library</source>
        <translation>设备库</translation>
    </message>
    <message>
        <source>Drop the racks on a hall</source>
        <translation>请将机柜放到机房上</translation>
    </message>
    <message>
        <source>Drop to add these racks to %1</source>
        <translation>松开即可将这些机柜加入 %1</translation>
    </message>
    <message>
        <source>Could not compute the bands: %1</source>
        <translation>无法计算不确定性区间：%1</translation>
    </message>
    <message>
        <source>Uncertainty bands from %1 samples in %2 s</source>
        <translation>不确定性区间：%1 个样本，用时 %2 秒</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <source>Uncertainty &amp;bands (50 samples)</source>
        <translation>不确定性区间（50 个样本）(&amp;B)</translation>
    </message>
    <message>
        <source>Running %1 samples of the uncertain parameters...</source>
        <translation>正在计算不确定参数的 %1 个样本……</translation>
    </message>
    <message>
        <source>Uncertainty bands</source>
        <translation>不确定性区间</translation>
    </message>
    <message>
        <source>WUE, L/kWh</source>
        <translation>WUE，升/千瓦时</translation>
    </message>
    <message>
        <source>Energy cost, CNY</source>
        <translation>电费，元</translation>
    </message>
    <message>
        <source>Peak demand, kW</source>
        <translation>峰值负荷，千瓦</translation>
    </message>
    <message>
        <source>Green-energy share</source>
        <translation>绿电占比</translation>
    </message>
    <message>
        <source>Strongest parameter (Spearman rho)</source>
        <translation>影响最大的参数（Spearman 秩相关系数）</translation>
    </message>
    <message>
        <source>%1 samples of %2 uncertain parameters (Latin hypercube, seed %3), each uniform over its plausible range around the scenario&apos;s value; the rest of the window shows the scenario as written.</source>
        <translation>对 %2 个不确定参数抽取 %1 个样本（拉丁超立方，随机种子 %3），每个参数在场景取值附近的合理范围内均匀分布；窗口其余部分显示场景原值的结果。</translation>
    </message>
    <message>
        <source>Failure &amp;ride-through...</source>
        <translation>故障穿越(&amp;R)…</translation>
    </message>
    <message>
        <source>IT inlet at %1 s after the failure (C)</source>
        <translation>故障后 %1 秒的 IT 进风温度（°C）</translation>
    </message>
    <message>
        <source>Simulate the park first</source>
        <translation>请先模拟园区</translation>
    </message>
    <message>
        <source>Failure ride-through</source>
        <translation>故障穿越</translation>
    </message>
    <message>
        <source>The whole cooling plant trips</source>
        <translation>整个冷站跳闸</translation>
    </message>
    <message>
        <source>One unit of the cooling plant trips</source>
        <translation>冷站一台设备跳闸</translation>
    </message>
    <message>
        <source>Utility outage</source>
        <translation>市电中断</translation>
    </message>
    <message>
        <source>Liquid-loop pumps stop</source>
        <translation>液冷环路水泵停运</translation>
    </message>
    <message>
        <source>the hottest</source>
        <translation>最热时刻</translation>
    </message>
    <message>
        <source>Simulate</source>
        <translation>模拟</translation>
    </message>
    <message>
        <source>Hall</source>
        <translation>机房</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Hour of the year</source>
        <translation>全年小时</translation>
    </message>
    <message>
        <source>Play in the 3D view</source>
        <translation>在三维视图中播放</translation>
    </message>
    <message>
        <source>No hall %1</source>
        <translation>没有机房 %1</translation>
    </message>
    <message>
        <source>Could not simulate the event: %1</source>
        <translation>无法模拟该事件：%1</translation>
    </message>
    <message>
        <source>IT inlet (cold aisle)</source>
        <translation>IT 进风（冷通道）</translation>
    </message>
    <message>
        <source>Return air</source>
        <translation>回风</translation>
    </message>
    <message>
        <source>32 C, ASHRAE A1 allowable</source>
        <translation>32 °C，ASHRAE A1 允许上限</translation>
    </message>
    <message>
        <source>Minutes after the failure</source>
        <translation>故障后分钟数</translation>
    </message>
    <message>
        <source>Temperature (C)</source>
        <translation>温度（°C）</translation>
    </message>
    <message>
        <source>%1: %2, hour %3</source>
        <translation>%1：%2，第 %3 小时</translation>
    </message>
    <message>
        <source>Inlet %1 C at the start; 27 C after %2, 32 C after %3, 35 C after %4; peak %5 C.</source>
        <translation>起始进风 %1 °C；%2 后达到 27 °C，%3 后达到 32 °C，%4 后达到 35 °C；峰值 %5 °C。</translation>
    </message>
    <message>
        <source>IT at risk: up to %1 % of the racks, for %2 s.</source>
        <translation>处于风险的 IT：最多 %1 % 的机柜，持续 %2 秒。</translation>
    </message>
    <message>
        <source>No IT at risk.</source>
        <translation>无 IT 处于风险。</translation>
    </message>
    <message>
        <source>Coolant above %1 C or not flowing after %2.</source>
        <translation>%2 后冷却液高于 %1 °C 或停止流动。</translation>
    </message>
    <message>
        <source>Power back after %1, compressors after %2.</source>
        <translation>%1 后恢复供电，%2 后压缩机恢复制冷。</translation>
    </message>
    <message>
        <source>The IT lost its power after %1.</source>
        <translation>%1 后 IT 失电。</translation>
    </message>
    <message>
        <source>Ride-through of %1 simulated</source>
        <translation>%1 的故障穿越已模拟</translation>
    </message>
</context>
<context>
    <name>parktwin::studio::ParkTreeModel</name>
    <message>
        <source>%1 racks, %2 kW</source>
        <translation>%1 个机柜，%2 kW</translation>
    </message>
    <message>
        <source>In service from stage %1</source>
        <translation>自 %1 阶段起投运</translation>
    </message>
    <message>
        <source>%1 x %2 kW</source>
        <translation>%1 × %2 kW</translation>
    </message>
</context>
<context>
    <name>parktwin::studio::PropertiesModel</name>
    <message>
        <source>liquid cooling</source>
        <translation>液冷</translation>
    </message>
    <message>
        <source>Cold plates or immersion with a facility-water loop; off: air only</source>
        <translation>冷板或浸没式，配设施水回路；关闭：仅风冷</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not a %3</source>
        <translation>%1：“%2”不是有效的 %3</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>list of numbers</source>
        <translation>数值列表</translation>
    </message>
</context>
<context>
    <name>parktwin::studio::ReportWriter</name>
    <message>
        <source>ParkTwin report: %1</source>
        <translation>ParkTwin 报告：%1</translation>
    </message>
    <message>
        <source>Energy and thermal assessment of the data-centre park</source>
        <translation>数据中心园区能源与热工评估</translation>
    </message>
    <message>
        <source>Scenario: %1 &amp;middot; stage %2 (%3) &amp;middot; climate: %4 &amp;middot; %5</source>
        <translation>场景：%1 &amp;middot; %2 阶段（%3 年）&amp;middot; 气候：%4 &amp;middot; %5</translation>
    </message>
    <message>
        <source>&lt;i&gt;Buildings coloured by their annual PUE (green: lowest, red: highest); pale: not yet in service.&lt;/i&gt;</source>
        <translation>&lt;i&gt;建筑按年均 PUE 着色（绿色最低，红色最高）；浅色：尚未投运。&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Key figures against the plan&apos;s targets</source>
        <translation>关键指标与规划目标对比</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>This scenario</source>
        <translation>当前场景</translation>
    </message>
    <message>
        <source>Plan target (%1)</source>
        <translation>规划目标（%1 年）</translation>
    </message>
    <message>
        <source>Annual PUE</source>
        <translation>年均 PUE</translation>
    </message>
    <message>
        <source>Standard racks (2.5 kW) in service</source>
        <translation>投运标准机架（2.5 kW）</translation>
    </message>
    <message>
        <source>AI compute in service (FP16 dense)</source>
        <translation>投运智能算力（FP16 稠密）</translation>
    </message>
    <message>
        <source>ERE</source>
        <translation>ERE</translation>
    </message>
    <message>
        <source>WUE</source>
        <translation>WUE</translation>
    </message>
    <message>
        <source>IT energy</source>
        <translation>IT 能耗</translation>
    </message>
    <message>
        <source>Facility energy</source>
        <translation>总能耗</translation>
    </message>
    <message>
        <source>Heat delivered to district heating</source>
        <translation>向区域供热供出的热量</translation>
    </message>
    <message>
        <source>Coincident peak demand</source>
        <translation>同时峰值负荷</translation>
    </message>
    <message>
        <source>Energy cost</source>
        <translation>电费</translation>
    </message>
    <message>
        <source> M CNY</source>
        <translation> 百万元</translation>
    </message>
    <message>
        <source>Targets: Haidong park plan, section 2.(4) and Table 1.</source>
        <translation>目标来源：海东园区规划 二、（四）及表 1。</translation>
    </message>
    <message>
        <source>No plan targets are known for this scenario.</source>
        <translation>本场景无已知规划目标。</translation>
    </message>
    <message>
        <source>Wings</source>
        <translation>片区</translation>
    </message>
    <message>
        <source>Wing</source>
        <translation>片区</translation>
    </message>
    <message>
        <source>Halls</source>
        <translation>机房</translation>
    </message>
    <message>
        <source>IT MWh</source>
        <translation>IT MWh</translation>
    </message>
    <message>
        <source>WUE L/kWh</source>
        <translation>WUE L/kWh</translation>
    </message>
    <message>
        <source>Peak MVA</source>
        <translation>峰值 MVA</translation>
    </message>
    <message>
        <source>Open capacity MVA</source>
        <translation>开放容量 MVA</translation>
    </message>
    <message>
        <source>Hall</source>
        <translation>机房</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Free h</source>
        <translation>自然冷却小时</translation>
    </message>
    <message>
        <source>CF days</source>
        <translation>无压缩机天数</translation>
    </message>
    <message>
        <source>Heat MWh</source>
        <translation>供热 MWh</translation>
    </message>
    <message>
        <source>Peak kVA</source>
        <translation>峰值 kVA</translation>
    </message>
    <message>
        <source>The park through the year</source>
        <translation>园区全年运行</translation>
    </message>
    <message>
        <source>the park</source>
        <translation>园区</translation>
    </message>
    <message>
        <source>Power and water by build-out stage</source>
        <translation>各建设阶段的电力与用水</translation>
    </message>
    <message>
        <source>%1: coincident peak against substations&apos; open capacity</source>
        <translation>%1：同时峰值负荷与变电站开放容量</translation>
    </message>
    <message>
        <source>peak</source>
        <translation>峰值</translation>
    </message>
    <message>
        <source>open capacity</source>
        <translation>开放容量</translation>
    </message>
    <message>
        <source>%1: water use against supply (mean day)</source>
        <translation>%1：用水量与供水能力（日均）</translation>
    </message>
    <message>
        <source>use</source>
        <translation>用水</translation>
    </message>
    <message>
        <source>supply</source>
        <translation>供水</translation>
    </message>
    <message>
        <source>m3/day</source>
        <translation>m3/天</translation>
    </message>
    <message>
        <source>Climate</source>
        <translation>气候</translation>
    </message>
    <message>
        <source>Stands in for: %1</source>
        <translation>代表：%1</translation>
    </message>
    <message>
        <source>Annual mean dry bulb</source>
        <translation>年平均干球温度</translation>
    </message>
    <message>
        <source>Extremes</source>
        <translation>极端最高 / 最低</translation>
    </message>
    <message>
        <source>Mean / highest wet bulb</source>
        <translation>平均 / 最高湿球温度</translation>
    </message>
    <message>
        <source>Mean relative humidity</source>
        <translation>平均相对湿度</translation>
    </message>
    <message>
        <source>Mean station pressure</source>
        <translation>平均站点气压</translation>
    </message>
    <message>
        <source>Days with daily max wet bulb below %1 C</source>
        <translation>日最高湿球温度低于 %1 °C 的天数</translation>
    </message>
    <message>
        <source>Global horizontal irradiation</source>
        <translation>水平面总辐照量</translation>
    </message>
    <message>
        <source>Assumptions: every parameter that differs from its default</source>
        <translation>假设：所有不同于默认值的参数</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认值</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Every parameter has its default value.</source>
        <translation>所有参数均为默认值。</translation>
    </message>
    <message>
        <source>Compared with %1</source>
        <translation>与 %1 对比</translation>
    </message>
    <message>
        <source>Inputs that differ (%1)</source>
        <translation>不同的输入（%1 项）</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>对比场景</translation>
    </message>
    <message>
        <source>Key figures that differ</source>
        <translation>不同的关键指标</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差值</translation>
    </message>
    <message>
        <source>Green-energy share (computed; with certificates)</source>
        <translation>绿电占比（计算值；含绿证）</translation>
    </message>
    <message>
        <source>24/7 carbon-free energy (hourly CFE score)</source>
        <translation>24/7 无碳能源（逐时 CFE 得分）</translation>
    </message>
    <message>
        <source>CO2, location-based / market-based</source>
        <translation>CO2，基于位置 / 基于市场</translation>
    </message>
    <message>
        <source>CUE (market-based)</source>
        <translation>CUE（基于市场）</translation>
    </message>
    <message>
        <source>Green supply and carbon</source>
        <translation>绿电供应与碳排放</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>所属企业</translation>
    </message>
    <message>
        <source>Capacity MW</source>
        <translation>装机 MW</translation>
    </message>
    <message>
        <source>Energy MWh</source>
        <translation>电量 MWh</translation>
    </message>
    <message>
        <source>To reach a green share of %1 % (now %2 %), added ground PV outside the park for each size of added storage:</source>
        <translation>为达到 %1 % 的绿电占比（当前 %2 %），每档新增储能所需的园区外新增地面光伏：</translation>
    </message>
    <message>
        <source>Storage MWh</source>
        <translation>储能 MWh</translation>
    </message>
    <message>
        <source>PV MW</source>
        <translation>光伏 MW</translation>
    </message>
    <message>
        <source>not within %1</source>
        <translation>%1 以内无法达到</translation>
    </message>
    <message>
        <source>Carbon ledger by company</source>
        <translation>企业碳账本</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Facility MWh</source>
        <translation>总用电 MWh</translation>
    </message>
    <message>
        <source>Green share</source>
        <translation>绿电占比</translation>
    </message>
    <message>
        <source>CO2 t (location / market)</source>
        <translation>CO2 t（基于位置 / 基于市场）</translation>
    </message>
    <message>
        <source>Power-compute dispatch</source>
        <translation>算电协同调度</translation>
    </message>
    <message>
        <source>%1 MWh of flexible compute (%2 rack groups), %3 MWh of it run in another hour of its window (%4 MWh later than profiled), objective: %5; %6 round(s) of dispatch and simulation%7. Every other figure of this report is the dispatched year&apos;s.</source>
        <translation>可调度算力 %1 MWh（%2 个机柜组），其中 %3 MWh 在其时间窗内的其他小时运行（%4 MWh 晚于原负荷曲线），调度目标：%5；调度与模拟共 %6 轮%7。本报告其余各项指标均为调度后的全年结果。</translation>
    </message>
    <message>
        <source>least cost</source>
        <translation>电费最低</translation>
    </message>
    <message>
        <source>most carbon-free supply</source>
        <translation>无碳供电最多</translation>
    </message>
    <message>
        <source>, not converged</source>
        <translation>，未收敛</translation>
    </message>
    <message>
        <source>As profiled</source>
        <translation>原负荷曲线</translation>
    </message>
    <message>
        <source>As dispatched</source>
        <translation>调度后</translation>
    </message>
    <message>
        <source>24/7 carbon-free energy (CFE)</source>
        <translation>24/7 无碳能源（CFE）</translation>
    </message>
    <message>
        <source>Green-energy share</source>
        <translation>绿电占比</translation>
    </message>
    <message>
        <source>CO2, location-based, t</source>
        <translation>CO2，基于位置，t</translation>
    </message>
    <message>
        <source>CO2, market-based, t</source>
        <translation>CO2，基于市场，t</translation>
    </message>
    <message>
        <source>Energy cost, CNY</source>
        <translation>电费，元</translation>
    </message>
    <message>
        <source>Cooling energy, MWh</source>
        <translation>制冷能耗，MWh</translation>
    </message>
    <message>
        <source>Green supply exported or curtailed, MWh</source>
        <translation>上网或弃用的绿电，MWh</translation>
    </message>
    <message>
        <source>Peak grid import, MW</source>
        <translation>电网购电峰值，MW</translation>
    </message>
    <message>
        <source>By company</source>
        <translation>分企业</translation>
    </message>
    <message>
        <source>Moved MWh</source>
        <translation>调度电量 MWh</translation>
    </message>
    <message>
        <source>CFE before / after</source>
        <translation>CFE 调度前 / 后</translation>
    </message>
    <message>
        <source>CO2 avoided t (location)</source>
        <translation>CO2 减排 t（基于位置）</translation>
    </message>
    <message>
        <source>Grid purchases, CNY</source>
        <translation>购电费用，元</translation>
    </message>
    <message>
        <source>Uncertainty bands</source>
        <translation>不确定性区间</translation>
    </message>
    <message>
        <source>%1 samples of %2 uncertain parameters (Latin hypercube, seed %3), each uniform over its plausible range around the scenario&apos;s value; the figures of the other pages are the scenario as written.</source>
        <translation>对 %2 个不确定参数抽取 %1 个样本（拉丁超立方，随机种子 %3），每个参数在场景取值附近的合理范围内均匀分布；其他页面的数值为场景原值的计算结果。</translation>
    </message>
    <message>
        <source>Park figure</source>
        <translation>园区指标</translation>
    </message>
    <message>
        <source>Strongest parameter (Spearman rho)</source>
        <translation>影响最大的参数（Spearman 秩相关系数）</translation>
    </message>
    <message>
        <source>WUE, L/kWh</source>
        <translation>WUE，升/千瓦时</translation>
    </message>
    <message>
        <source>Free-cooling hours</source>
        <translation>自然冷却小时数</translation>
    </message>
    <message>
        <source>Compressor-free days</source>
        <translation>无压缩机运行天数</translation>
    </message>
    <message>
        <source>Peak demand, kW</source>
        <translation>峰值负荷，千瓦</translation>
    </message>
    <message>
        <source>Green-energy share, %</source>
        <translation>绿电占比，%</translation>
    </message>
    <message>
        <source>By hall</source>
        <translation>按机房</translation>
    </message>
    <message>
        <source>PUE P10 - P90</source>
        <translation>PUE P10 - P90</translation>
    </message>
    <message>
        <source>Compressor-free days P10 - P90</source>
        <translation>无压缩机运行天数 P10 - P90</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未达到</translation>
    </message>
    <message>
        <source>air units</source>
        <translation>空气处理机组</translation>
    </message>
    <message>
        <source>pumps</source>
        <translation>水泵</translation>
    </message>
    <message>
        <source>heat rejection</source>
        <translation>排热设备</translation>
    </message>
    <message>
        <source>Failure ride-through</source>
        <translation>故障穿越</translation>
    </message>
    <message>
        <source>Outage assumptions (the first hall&apos;s; every hall&apos;s in the scenario): cooling loads on the UPS: %1; generators %2; compressors cool again %3 s after the power returns.</source>
        <translation>停电假设（第一个机房的；各机房的见场景）：UPS 供电的制冷负载：%1；发电机 %2；恢复供电后 %3 秒压缩机重新制冷。</translation>
    </message>
    <message>
        <source>none (only the IT)</source>
        <translation>无（仅 IT）</translation>
    </message>
    <message>
        <source>carry the hall after %1 s</source>
        <translation>在 %1 秒后接带机房</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Plant tripped</source>
        <translation>跳闸设备</translation>
    </message>
    <message>
        <source>Inlet at start, C</source>
        <translation>起始进风温度，°C</translation>
    </message>
    <message>
        <source>To 32 C after the trip</source>
        <translation>跳闸后达到 32 °C</translation>
    </message>
    <message>
        <source>Peak after the trip, C</source>
        <translation>跳闸后峰值，°C</translation>
    </message>
    <message>
        <source>To 32 C after an outage</source>
        <translation>停电后达到 32 °C</translation>
    </message>
    <message>
        <source>Peak after an outage, C</source>
        <translation>停电后峰值，°C</translation>
    </message>
    <message>
        <source>IT at risk in the outage</source>
        <translation>停电中处于风险的 IT</translation>
    </message>
    <message>
        <source>all IEC units</source>
        <translation>全部间接蒸发冷却机组</translation>
    </message>
    <message>
        <source>all chillers</source>
        <translation>全部冷水机组</translation>
    </message>
    <message>
        <source>all air units</source>
        <translation>全部空气处理机组</translation>
    </message>
    <message>
        <source>%1 % for %2 s</source>
        <translation>%1 %，持续 %2 秒</translation>
    </message>
    <message>
        <source>Each hall from its state at the start of hour %1 of the year (the hottest), followed for %2 min at 1 s: its whole cooling plant tripped (the other units as they were, the controls acting as in the year), and a utility outage in which only the IT and the cooling loads on the UPS run until the generators carry the hall. Inlet limits: ASHRAE A1 recommends up to 27 C and allows up to 32 C.</source>
        <translation>各机房从全年第 %1 小时（最热时刻）开始时的状态出发，以 1 秒步长跟踪 %2 分钟：其整个冷站跳闸（其余设备保持原状，控制按全年逻辑动作），以及市电中断——在发电机接带机房之前，只有 IT 和由 UPS 供电的制冷负载运行。进风温度限值：ASHRAE A1 推荐不超过 27 °C，允许不超过 32 °C。</translation>
    </message>
    <message>
        <source>IT at risk: racks with an air inlet above 32 C or, for liquid-cooled racks, coolant above its ASHRAE W-class limit or not flowing, by the hall&apos;s lumped temperatures. The plant&apos;s controls act as in the year (a mode steps up after its 15-min dwell).</source>
        <translation>处于风险的 IT：按机房集总温度，进风温度高于 32 °C 的机柜，或液冷机柜的冷却液温度高于其 ASHRAE W 等级上限或停止流动。事件期间冷站控制按全年逻辑动作（运行模式在 15 分钟延时后升级）。</translation>
    </message>
</context>
</TS>
