<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionItemsModel</name>
    <message>
        <location filename="../../app/models/orders_model.py" line="770"/>
        <source>What to do</source>
        <translation>待办事项</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="770"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="770"/>
        <source>Tank</source>
        <translation>储罐</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="770"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="770"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
</context>
<context>
    <name>BillsModel</name>
    <message>
        <location filename="../../app/models/bills_model.py" line="385"/>
        <source>Bill</source>
        <translation>账单</translation>
    </message>
    <message>
        <location filename="../../app/models/bills_model.py" line="385"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/models/bills_model.py" line="385"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../app/models/bills_model.py" line="385"/>
        <source>Site</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../app/models/bills_model.py" line="385"/>
        <source>Item</source>
        <translation>品名</translation>
    </message>
    <message>
        <location filename="../../app/models/bills_model.py" line="386"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/models/bills_model.py" line="386"/>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../app/models/bills_model.py" line="386"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/models/bills_model.py" line="386"/>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
</context>
<context>
    <name>BillsPage</name>
    <message>
        <location filename="../../app/pages/bills_page.py" line="48"/>
        <source>Bills</source>
        <translation>账单</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="60"/>
        <source>Every party&apos;s statements</source>
        <translation>所有成员的对账单</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="62"/>
        <source>For auditors and arbiters: the statements of every member, not only yours</source>
        <translation>供审计和仲裁使用：显示所有成员的对账单，而不仅是您的</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="77"/>
        <location filename="../../app/pages/bills_page.py" line="201"/>
        <source>Select a statement.</source>
        <translation>请选择一份对账单。</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="85"/>
        <source>Save statement as PDF…</source>
        <translation>将对账单保存为 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="88"/>
        <source>Export statement as CSV…</source>
        <translation>将对账单导出为 CSV…</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="91"/>
        <source>Save bill as PDF…</source>
        <translation>将账单保存为 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="173"/>
        <source>Statements: {0}</source>
        <translation>对账单：{0} 份</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="202"/>
        <source>No bills yet: a bill is issued when an order settles.</source>
        <translation>暂无账单：订单结算时才会开具账单。</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="205"/>
        <source>{0} with {1}, {2} (UTC). Bills: {3}; paid {4}, received {5}.</source>
        <translation>{0} 与 {1}，{2}（UTC）。账单：{3} 张；付出 {4}，收到 {5}。</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="224"/>
        <location filename="../../app/pages/bills_page.py" line="228"/>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="228"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="231"/>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="247"/>
        <source>Preparing the document…</source>
        <translation>正在准备文档…</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="247"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="258"/>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="261"/>
        <source>Cancelled; nothing was saved.</source>
        <translation>已取消，未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="265"/>
        <source>Could not save {0}: {1}</source>
        <translation>无法保存 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="278"/>
        <source>no bill is selected</source>
        <translation>未选择账单</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="281"/>
        <source>Settlement bill {0}</source>
        <translation>结算账单 {0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="284"/>
        <source>no statement is selected</source>
        <translation>未选择对账单</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="287"/>
        <source>Reading the bills from the chain…</source>
        <translation>正在从链上读取账单…</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="298"/>
        <source>Writing the file…</source>
        <translation>正在写入文件…</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="307"/>
        <source>Writing the PDF…</source>
        <translation>正在生成 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/pages/bills_page.py" line="309"/>
        <source>Monthly statement {0}</source>
        <translation>{0} 月度对账单</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="61"/>
        <source>Dashboard</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="98"/>
        <source>Balances</source>
        <translation>余额</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="100"/>
        <source>Available:</source>
        <translation>可用：</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="101"/>
        <source>In escrow:</source>
        <translation>冻结中：</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="106"/>
        <source>At a glance</source>
        <translation>概况</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="108"/>
        <source>Tanks:</source>
        <translation>储罐：</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="108"/>
        <source>Open orders:</source>
        <translation>未完成订单：</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="109"/>
        <source>Escrow in open orders:</source>
        <translation>未完成订单的冻结金额：</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="123"/>
        <source>Act on the selected order…</source>
        <translation>处理所选订单…</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="126"/>
        <source>Nothing needs your action.</source>
        <translation>目前没有需要您处理的事项。</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="131"/>
        <source>Orders needing your action</source>
        <translation>需要您处理的订单</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="152"/>
        <source>Tanks nearing their warning line</source>
        <translation>即将到达预警线的储罐</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="155"/>
        <source>Soonest first; the time is estimated from each tank&apos;s level trend.</source>
        <translation>最紧迫的在前；时间根据各储罐的液位趋势估算。</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="164"/>
        <source>Alerts</source>
        <translation>提醒</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="242"/>
        <source>No account is signed in.</source>
        <translation>未登录任何账户。</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="244"/>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="287"/>
        <source>This account is not on the chain yet.</source>
        <translation>该账户尚未上链。</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="292"/>
        <source>The node sent an unreadable balance.</source>
        <translation>节点返回的余额无法读取。</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="296"/>
        <source>Available in minor units: {0}; escrow is frozen for open orders.</source>
        <translation>可用（最小单位）：{0}；冻结金额用于未完成的订单。</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="327"/>
        <source>{0} has moved on ({1}); nothing was sent.</source>
        <translation>{0} 的状态已变化（{1}），未发送任何交易。</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="332"/>
        <source>Done: {0} for {1} in block {2}.</source>
        <translation>已完成：{1} 的“{0}”，区块 {2}。</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="349"/>
        <source>{0} ({1} below the warning line)</source>
        <translation>{0}（{1} 个低于预警线）</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="352"/>
        <source>{0} ({1} waiting for funds or stock)</source>
        <translation>{0}（{1} 个等待资金或库存）</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="365"/>
        <source>Tank {0} is below its critical line ({1} mm)</source>
        <translation>储罐 {0} 低于临界线（{1} 毫米）</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="368"/>
        <source>Tank {0} is below its warning line ({1} mm)</source>
        <translation>储罐 {0} 低于预警线（{1} 毫米）</translation>
    </message>
    <message>
        <location filename="../../app/pages/dashboard_page.py" line="373"/>
        <source>{0}  {1}</source>
        <translation>{0}  {1}</translation>
    </message>
</context>
<context>
    <name>LevelChart</name>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="73"/>
        <location filename="../../app/widgets/level_chart.py" line="405"/>
        <source>Level</source>
        <translation>液位</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="75"/>
        <source>Warning line</source>
        <translation>预警线</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="77"/>
        <source>Critical line</source>
        <translation>临界线</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="79"/>
        <source>Order created</source>
        <translation>订单创建</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="83"/>
        <location filename="../../app/widgets/level_chart.py" line="345"/>
        <source>Delivery</source>
        <translation>交付</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="94"/>
        <source>Level (mm)</source>
        <translation>液位（毫米）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="106"/>
        <location filename="../../app/widgets/level_chart.py" line="172"/>
        <source>Select a tank to see its level history.</source>
        <translation>选择一个储罐以查看其液位历史。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="113"/>
        <source>Last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="113"/>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="113"/>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="113"/>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="121"/>
        <source>Loading readings… %p%</source>
        <translation>正在加载读数… %p%</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="123"/>
        <source>Stop loading</source>
        <translation>停止加载</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="177"/>
        <source>Level history of {0}</source>
        <translation>{0} 的液位历史</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="278"/>
        <source>No readings of this tank in this period.</source>
        <translation>该时段内此储罐没有读数。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="280"/>
        <source>Showing the readings loaded so far.</source>
        <translation>显示目前已加载的读数。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="343"/>
        <source>{0}: {1} delivered {2}</source>
        <translation>{0}：{2} 交付 {1}</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="362"/>
        <source>No reading yet.</source>
        <translation>尚无读数。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="366"/>
        <source>Not falling towards the warning line (or too few readings since the last delivery).</source>
        <translation>液位未朝预警线下降（或自上次交付以来读数太少）。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="368"/>
        <source>Below the warning line now.</source>
        <translation>当前已低于预警线。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/level_chart.py" line="370"/>
        <source>Estimated time to the warning line: {0}, from the trend since the last delivery.</source>
        <translation>预计到达预警线：{0}（根据上次交付以来的趋势）。</translation>
    </message>
</context>
<context>
    <name>OrderActionDialog</name>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="111"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="113"/>
        <source>Order:</source>
        <translation>订单：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="114"/>
        <source>Tank:</source>
        <translation>储罐：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="115"/>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="116"/>
        <source>Ordered:</source>
        <translation>订购：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="116"/>
        <source>{0} at {1} per litre</source>
        <translation>{0}，每升 {1}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="119"/>
        <source>Dispatched:</source>
        <translation>已发货：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="119"/>
        <source>{0} on {1}</source>
        <translation>{0}，于 {1}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="122"/>
        <source>Delivered:</source>
        <translation>已交付：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="123"/>
        <source>Estimated cost:</source>
        <translation>预计费用：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="124"/>
        <source>In escrow:</source>
        <translation>冻结中：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="131"/>
        <source>Continue to signing…</source>
        <translation>继续签名…</translation>
    </message>
</context>
<context>
    <name>OrderConfirmDeliveryDialog</name>
    <message>
        <location filename="../../app/dialogs/order_confirm_delivery_dialog.py" line="22"/>
        <source>Confirm the delivery</source>
        <translation>确认收货</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_confirm_delivery_dialog.py" line="23"/>
        <source>Confirm the delivery of {0}</source>
        <translation>确认 {0} 的收货</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_confirm_delivery_dialog.py" line="25"/>
        <source>Enter what actually arrived. The order settles at once: quantity × the agreed price is paid from escrow, the rest is released to you, and a bill is issued.</source>
        <translation>请输入实际收到的数量。订单将立即结算：数量 × 约定单价从冻结资金中支付，其余部分解冻退还给您，并开具账单。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_confirm_delivery_dialog.py" line="27"/>
        <source>litres</source>
        <translation>升</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_confirm_delivery_dialog.py" line="28"/>
        <source>Received (L):</source>
        <translation>实收（升）：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_confirm_delivery_dialog.py" line="31"/>
        <source>To pay:</source>
        <translation>应付：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_confirm_delivery_dialog.py" line="47"/>
        <source>{0} (the dispatched quantity)</source>
        <translation>{0}（发货数量）</translation>
    </message>
</context>
<context>
    <name>OrderConfirmDialog</name>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="218"/>
        <source>Confirm the order with stock</source>
        <translation>以库存确认订单</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="219"/>
        <source>Reserve stock for {0}</source>
        <translation>为 {0} 预留库存</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="221"/>
        <source>Your storage tank now holds enough: the chain reserves {0} for this order and freezes the buyer&apos;s estimated cost in escrow if it can.</source>
        <translation>您的库存罐现已足够：链上将为该订单预留 {0}，并在可能时冻结买方的预计费用。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="224"/>
        <source>Settle the order now</source>
        <translation>立即结算订单</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="225"/>
        <source>Settle {0} now</source>
        <translation>立即结算 {0}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="228"/>
        <source>{0} delivered × the agreed price: {1} is paid from escrow to the supplier and the rest ({2}) is released to the buyer. A settlement bill is issued to both. This cannot be undone.</source>
        <translation>已交付 {0} × 约定单价：从冻结资金中向供应商支付 {1}，其余部分（{2}）解冻退还给买方，并向双方开具结算账单。此操作无法撤销。</translation>
    </message>
</context>
<context>
    <name>OrderDispatchDialog</name>
    <message>
        <location filename="../../app/dialogs/order_dispatch_dialog.py" line="22"/>
        <source>Dispatch the order</source>
        <translation>订单发货</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_dispatch_dialog.py" line="23"/>
        <source>Dispatch {0}</source>
        <translation>发货 {0}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_dispatch_dialog.py" line="25"/>
        <source>The truck leaves now. The tank&apos;s readings show the delivery when the level rises; it must arrive before {0} or the order is cancelled and refunded.</source>
        <translation>罐车现在出发。液位上升时，储罐读数即可证明交付；必须在 {0} 之前送达，否则订单将被取消并退款。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_dispatch_dialog.py" line="28"/>
        <source>litres</source>
        <translation>升</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_dispatch_dialog.py" line="29"/>
        <source>Quantity (L):</source>
        <translation>数量（升）：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_dispatch_dialog.py" line="35"/>
        <source>{0} (the ordered quantity)</source>
        <translation>{0}（订购数量）</translation>
    </message>
</context>
<context>
    <name>OrderDisputeDialog</name>
    <message>
        <location filename="../../app/dialogs/order_dispute_dialog.py" line="20"/>
        <source>Dispute the order</source>
        <translation>对订单提出争议</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_dispute_dialog.py" line="21"/>
        <source>Dispute {0}</source>
        <translation>对 {0} 提出争议</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_dispute_dialog.py" line="23"/>
        <source>The order stops where it is: escrow stays frozen, nothing settles and the deadline no longer applies until an arbiter decides the quantity and the amount paid.</source>
        <translation>订单将停在当前状态：资金保持冻结，不会结算，交付期限也暂停，直到仲裁方裁定数量和支付金额。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_dispute_dialog.py" line="26"/>
        <source>For example: the meter at the site shows 4,200 L, not 5,650 L</source>
        <translation>例如：现场流量计显示 4,200 升，而不是 5,650 升</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_dispute_dialog.py" line="28"/>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
</context>
<context>
    <name>OrderResolveDialog</name>
    <message>
        <location filename="../../app/dialogs/order_resolve_dialog.py" line="23"/>
        <source>Resolve the dispute</source>
        <translation>裁决争议</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_resolve_dialog.py" line="24"/>
        <source>Resolve {0}</source>
        <translation>裁决 {0}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_resolve_dialog.py" line="27"/>
        <source>Disputed: “{0}”. Decide the quantity that counts as delivered (it leaves the supplier&apos;s stock) and the amount paid to the supplier from escrow; the rest of the escrow goes back to the buyer.</source>
        <translation>争议：“{0}”。请裁定计为已交付的数量（从供应商库存中扣除）以及从冻结资金中支付给供应商的金额；其余冻结资金退还买方。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_resolve_dialog.py" line="32"/>
        <source>litres</source>
        <translation>升</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_resolve_dialog.py" line="33"/>
        <source>Quantity (L):</source>
        <translation>数量（升）：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_resolve_dialog.py" line="37"/>
        <source>No stock was reserved for this order: the quantity is 0.</source>
        <translation>该订单未预留库存：数量为 0。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_resolve_dialog.py" line="38"/>
        <source>for example 1250.50</source>
        <translation>例如 1250.50</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_resolve_dialog.py" line="39"/>
        <source>Amount paid:</source>
        <translation>支付金额：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_resolve_dialog.py" line="45"/>
        <source>Note:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_resolve_dialog.py" line="51"/>
        <source>{0} (the ordered quantity)</source>
        <translation>{0}（订购数量）</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_resolve_dialog.py" line="59"/>
        <source>At the agreed price {0} costs {1}; the escrow holds {2}.</source>
        <translation>按约定单价，{0} 的费用为 {1}；冻结资金为 {2}。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_resolve_dialog.py" line="67"/>
        <source>At most the escrow, {0}.</source>
        <translation>不能超过冻结资金 {0}。</translation>
    </message>
</context>
<context>
    <name>OrderTopUpDialog</name>
    <message>
        <location filename="../../app/dialogs/order_top_up_dialog.py" line="21"/>
        <source>Top up the escrow</source>
        <translation>补足冻结资金</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_top_up_dialog.py" line="23"/>
        <source>Freeze {0} for {1}</source>
        <translation>为 {1} 冻结 {0}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_top_up_dialog.py" line="25"/>
        <source>The order waits for its estimated cost to be frozen in escrow. Once it is (and the supplier&apos;s stock is reserved) the order is confirmed and the supplier can dispatch.</source>
        <translation>订单正在等待冻结其预计费用。冻结完成（且供应商已预留库存）后，订单即被确认，供应商可以发货。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_top_up_dialog.py" line="30"/>
        <source>Your available balance:</source>
        <translation>您的可用余额：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_top_up_dialog.py" line="32"/>
        <source>Your available balance does not cover the escrow: {0} more is needed. Receive tokens first (the bank issues them against payment).</source>
        <translation>您的可用余额不足以冻结：还需 {0}。请先收到结算通证（由银行收款后发行）。</translation>
    </message>
</context>
<context>
    <name>OrdersModel</name>
    <message>
        <location filename="../../app/models/orders_model.py" line="381"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="381"/>
        <source>Tank</source>
        <translation>储罐</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="381"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="381"/>
        <source>Buyer</source>
        <translation>买方</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="381"/>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="382"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="382"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="382"/>
        <source>Delivered</source>
        <translation>已交付量</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="382"/>
        <source>Estimated cost</source>
        <translation>预计费用</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="383"/>
        <source>Actual cost</source>
        <translation>实际费用</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="383"/>
        <source>Escrow</source>
        <translation>冻结金额</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="383"/>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="408"/>
        <source>Urgent: the level fell below the critical line</source>
        <translation>紧急：液位已低于临界线</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="420"/>
        <source>{0} · urgent</source>
        <translation>{0} · 紧急</translation>
    </message>
</context>
<context>
    <name>OrdersPage</name>
    <message>
        <location filename="../../app/pages/orders_page.py" line="63"/>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="81"/>
        <source>Search order or product…</source>
        <translation>搜索订单或产品…</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="87"/>
        <source>All orders</source>
        <translation>全部订单</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="88"/>
        <source>Open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="89"/>
        <source>Needing my action</source>
        <translation>需要我处理</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="90"/>
        <source>Disputed</source>
        <translation>争议中</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="91"/>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="95"/>
        <source>Only my orders</source>
        <translation>仅我的订单</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="130"/>
        <location filename="../../app/pages/orders_page.py" line="329"/>
        <source>Select an order.</source>
        <translation>请选择一个订单。</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="143"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="147"/>
        <source>Tank:</source>
        <translation>储罐：</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="147"/>
        <location filename="../../app/pages/orders_page.py" line="166"/>
        <source>Buyer:</source>
        <translation>买方：</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="147"/>
        <location filename="../../app/pages/orders_page.py" line="167"/>
        <source>Supplier:</source>
        <translation>供应商：</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="148"/>
        <source>Created:</source>
        <translation>创建时间：</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="148"/>
        <source>Deliver by:</source>
        <translation>交付期限：</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="149"/>
        <source>Quantity:</source>
        <translation>数量：</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="149"/>
        <source>Delivered:</source>
        <translation>已交付：</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="150"/>
        <source>Agreed price:</source>
        <translation>约定单价：</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="150"/>
        <source>Estimated cost:</source>
        <translation>预计费用：</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="151"/>
        <source>Actual cost:</source>
        <translation>实际费用：</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="151"/>
        <source>In escrow:</source>
        <translation>冻结中：</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="152"/>
        <source>Settlement:</source>
        <translation>结算：</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="152"/>
        <source>Dispute:</source>
        <translation>争议：</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="160"/>
        <source>Balances</source>
        <translation>余额</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="168"/>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="170"/>
        <source>Nothing to do for you on this order.</source>
        <translation>此订单没有需要您处理的操作。</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="254"/>
        <source> (more on scrolling)</source>
        <translation>（滚动加载更多）</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="255"/>
        <source>Orders: {0} of {1}</source>
        <translation>订单：{0} / {1} 个</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="262"/>
        <location filename="../../app/pages/orders_page.py" line="263"/>
        <source>Loading orders…</source>
        <translation>正在加载订单…</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="264"/>
        <source>No orders yet.</source>
        <translation>暂无订单。</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="340"/>
        <source> · urgent</source>
        <translation> · 紧急</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="341"/>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="342"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="347"/>
        <source>{0}, at a level of {1} mm</source>
        <translation>{0}，液位 {1} 毫米时</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="350"/>
        <source>{0} ordered, {1} dispatched</source>
        <translation>订购 {0}，已发货 {1}</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="353"/>
        <source>{0} on {1} ({2})</source>
        <translation>{0}，于 {1}（{2}）</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="357"/>
        <source>not yet</source>
        <translation>尚未</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="358"/>
        <source>{0} per litre</source>
        <translation>每升 {0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="361"/>
        <source>not settled yet</source>
        <translation>尚未结算</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="362"/>
        <source>{0} frozen</source>
        <translation>已冻结 {0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="363"/>
        <source>nothing frozen</source>
        <translation>无冻结</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="365"/>
        <source>paid {0}, released {1}, bill no. {2}</source>
        <translation>支付 {0}，解冻 {1}，账单号 {2}</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="369"/>
        <source>cancelled ({0}), refunded {1}</source>
        <translation>已取消（{0}），退款 {1}</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="374"/>
        <source>by {0}: {1}</source>
        <translation>{0} 提出：{1}</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="376"/>
        <source>; resolved: {0}</source>
        <translation>；裁决：{0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="432"/>
        <source>{0} available, {1} in escrow</source>
        <translation>可用 {0}，冻结 {1}</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="435"/>
        <source>not on the chain</source>
        <translation>不在链上</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="458"/>
        <source>The order has moved on ({0}); nothing was sent.</source>
        <translation>订单状态已变化（{0}），未发送任何交易。</translation>
    </message>
    <message>
        <location filename="../../app/pages/orders_page.py" line="465"/>
        <source>Done: {0} in block {1}.</source>
        <translation>已完成：{0}，区块 {1}。</translation>
    </message>
</context>
<context>
    <name>StatementsModel</name>
    <message>
        <location filename="../../app/models/bills_model.py" line="175"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../app/models/bills_model.py" line="175"/>
        <source>Party</source>
        <translation>成员</translation>
    </message>
    <message>
        <location filename="../../app/models/bills_model.py" line="175"/>
        <source>Counterparty</source>
        <translation>交易对方</translation>
    </message>
    <message>
        <location filename="../../app/models/bills_model.py" line="175"/>
        <source>Bills</source>
        <translation>账单</translation>
    </message>
    <message>
        <location filename="../../app/models/bills_model.py" line="175"/>
        <source>Paid</source>
        <translation>已付</translation>
    </message>
    <message>
        <location filename="../../app/models/bills_model.py" line="176"/>
        <source>Received</source>
        <translation>已收</translation>
    </message>
    <message>
        <location filename="../../app/models/bills_model.py" line="176"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
</context>
<context>
    <name>TanksModel</name>
    <message>
        <location filename="../../app/models/tanks_model.py" line="475"/>
        <source>Tank</source>
        <translation>储罐</translation>
    </message>
    <message>
        <location filename="../../app/models/tanks_model.py" line="475"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../app/models/tanks_model.py" line="475"/>
        <source>Level</source>
        <translation>液位</translation>
    </message>
    <message>
        <location filename="../../app/models/tanks_model.py" line="475"/>
        <source>Volume</source>
        <translation>存量</translation>
    </message>
    <message>
        <location filename="../../app/models/tanks_model.py" line="475"/>
        <source>Warning line</source>
        <translation>预警线</translation>
    </message>
    <message>
        <location filename="../../app/models/tanks_model.py" line="476"/>
        <source>To warning line</source>
        <translation>距预警线</translation>
    </message>
    <message>
        <location filename="../../app/models/tanks_model.py" line="476"/>
        <source>Open order</source>
        <translation>未完成订单</translation>
    </message>
    <message>
        <location filename="../../app/models/tanks_model.py" line="476"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../app/models/tanks_model.py" line="476"/>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <location filename="../../app/models/tanks_model.py" line="477"/>
        <source>Last reading</source>
        <translation>最近读数</translation>
    </message>
    <message>
        <location filename="../../app/models/tanks_model.py" line="509"/>
        <source>{0} %</source>
        <translation>{0}%</translation>
    </message>
    <message>
        <location filename="../../app/models/tanks_model.py" line="513"/>
        <source>{0} mm</source>
        <translation>{0} 毫米</translation>
    </message>
    <message>
        <location filename="../../app/models/tanks_model.py" line="525"/>
        <source>no reading yet</source>
        <translation>尚无读数</translation>
    </message>
    <message>
        <location filename="../../app/models/tanks_model.py" line="544"/>
        <source>{0} mm of {1} mm; warning line {2} mm, critical line {3} mm</source>
        <translation>{0} 毫米 / {1} 毫米；预警线 {2} 毫米，临界线 {3} 毫米</translation>
    </message>
    <message>
        <location filename="../../app/models/tanks_model.py" line="547"/>
        <source>Estimated from the level trend since the last delivery</source>
        <translation>根据上次交付以来的液位趋势估算</translation>
    </message>
    <message>
        <location filename="../../app/models/tanks_model.py" line="553"/>
        <source>Sensor faults: {0}; the last: {1}</source>
        <translation>传感器故障：{0} 次；最近一次：{1}</translation>
    </message>
</context>
<context>
    <name>TanksPage</name>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="43"/>
        <source>Tanks</source>
        <translation>储罐</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="57"/>
        <source>Search tank, product or order…</source>
        <translation>搜索储罐、产品或订单…</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="63"/>
        <source>All tanks</source>
        <translation>全部储罐</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="64"/>
        <source>Needing attention</source>
        <translation>需要关注</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="65"/>
        <source>Below the warning line</source>
        <translation>低于预警线</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="66"/>
        <source>Below the critical line</source>
        <translation>低于临界线</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="67"/>
        <source>With an open order</source>
        <translation>有未完成订单</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="68"/>
        <source>No reading yet</source>
        <translation>尚无读数</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="73"/>
        <source>Only my tanks</source>
        <translation>仅我的储罐</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="113"/>
        <source>Tank</source>
        <translation>储罐</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="118"/>
        <source>Tank:</source>
        <translation>储罐：</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="118"/>
        <source>Product:</source>
        <translation>产品：</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="118"/>
        <source>Customer:</source>
        <translation>客户：</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="119"/>
        <source>Supplier:</source>
        <translation>供应商：</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="119"/>
        <source>Level:</source>
        <translation>液位：</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="119"/>
        <source>Lines:</source>
        <translation>警戒线：</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="120"/>
        <source>Reorder:</source>
        <translation>补货：</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="120"/>
        <source>Delivery within:</source>
        <translation>交付时限：</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="121"/>
        <source>Readings:</source>
        <translation>读数：</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="121"/>
        <source>Open order:</source>
        <translation>未完成订单：</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="187"/>
        <source> (more on scrolling)</source>
        <translation>（滚动加载更多）</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="188"/>
        <source>Tanks: {0} of {1}</source>
        <translation>储罐：{0} / {1} 个</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="194"/>
        <location filename="../../app/pages/tanks_page.py" line="195"/>
        <source>Loading tanks…</source>
        <translation>正在加载储罐…</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="196"/>
        <source>No tanks are registered yet.</source>
        <translation>尚未登记任何储罐。</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="255"/>
        <source>{0} from storage {1}</source>
        <translation>{0}，来自库存罐 {1}</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="261"/>
        <source>no reading yet</source>
        <translation>尚无读数</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="263"/>
        <source>{0} mm · {1} of {2} · read {3}</source>
        <translation>{0} 毫米 · {1} / {2} · 读取于 {3}</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="266"/>
        <source>warning {0} mm, critical {1} mm (top {2} mm)</source>
        <translation>预警 {0} 毫米，临界 {1} 毫米（罐顶 {2} 毫米）</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="268"/>
        <source>{0} at {1} per litre</source>
        <translation>{0}，每升 {1}</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="270"/>
        <source>{0}; disputes within {1} of a delivery</source>
        <translation>{0}；交付后 {1} 内可提出争议</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="272"/>
        <source>, faults: {0} (last: {1})</source>
        <translation>，故障：{0} 次（最近：{1}）</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="273"/>
        <source>{0} recorded</source>
        <translation>已记录 {0} 条</translation>
    </message>
    <message>
        <location filename="../../app/pages/tanks_page.py" line="274"/>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>alerts</name>
    <message>
        <location filename="../../app/notifications.py" line="126"/>
        <source>Sensor fault at tank {0}: {1}</source>
        <translation>储罐 {0} 传感器故障：{1}</translation>
    </message>
    <message>
        <location filename="../../app/notifications.py" line="135"/>
        <source>Tank {0} fell below its warning line ({1} mm &lt; {2} mm)</source>
        <translation>储罐 {0} 已低于预警线（{1} 毫米 &lt; {2} 毫米）</translation>
    </message>
    <message>
        <location filename="../../app/notifications.py" line="139"/>
        <source>Tank {0} fell below its critical line ({1} mm)</source>
        <translation>储罐 {0} 已低于临界线（{1} 毫米）</translation>
    </message>
    <message>
        <location filename="../../app/notifications.py" line="151"/>
        <source>Order {0} created: {1}, estimated {2}</source>
        <translation>订单 {0} 已创建：{1}，预计 {2}</translation>
    </message>
    <message>
        <location filename="../../app/notifications.py" line="156"/>
        <source>Order {0} is waiting for funds: {1} needed, {2} available</source>
        <translation>订单 {0} 等待资金：需要 {1}，可用 {2}</translation>
    </message>
    <message>
        <location filename="../../app/notifications.py" line="161"/>
        <source>Order {0} is waiting for stock: {1} needed, {2} available</source>
        <translation>订单 {0} 等待库存：需要 {1}，可用 {2}</translation>
    </message>
    <message>
        <location filename="../../app/notifications.py" line="167"/>
        <source>Order {0} confirmed: {1} frozen in escrow</source>
        <translation>订单 {0} 已确认：已冻结 {1}</translation>
    </message>
    <message>
        <location filename="../../app/notifications.py" line="170"/>
        <source>Order {0} dispatched: {1}</source>
        <translation>订单 {0} 已发货：{1}</translation>
    </message>
    <message>
        <location filename="../../app/notifications.py" line="173"/>
        <source>Order {0} delivered: {1}</source>
        <translation>订单 {0} 已交付：{1}</translation>
    </message>
    <message>
        <location filename="../../app/notifications.py" line="176"/>
        <source>Order {0} settled: {1} paid, {2} released, bill no. {3}</source>
        <translation>订单 {0} 已结算：支付 {1}，解冻 {2}，账单号 {3}</translation>
    </message>
    <message>
        <location filename="../../app/notifications.py" line="182"/>
        <source>Order {0} cancelled at its deadline; {1} refunded</source>
        <translation>订单 {0} 因超过期限被取消；退款 {1}</translation>
    </message>
    <message>
        <location filename="../../app/notifications.py" line="186"/>
        <source>Order {0} disputed: {1}</source>
        <translation>订单 {0} 有争议：{1}</translation>
    </message>
    <message>
        <location filename="../../app/notifications.py" line="189"/>
        <source>Order {0} resolved: {1} paid</source>
        <translation>订单 {0} 已裁决：支付 {1}</translation>
    </message>
    <message>
        <location filename="../../app/notifications.py" line="213"/>
        <source>Approval {0} waits for your signature: {1} for {2}</source>
        <translation>审批 {0} 等待您签名：{2} 的 {1}</translation>
    </message>
    <message>
        <location filename="../../app/notifications.py" line="254"/>
        <location filename="../../app/notifications.py" line="279"/>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
    <message>
        <location filename="../../app/notifications.py" line="278"/>
        <source>Depot: needs your attention</source>
        <translation>Depot：需要您关注</translation>
    </message>
    <message>
        <location filename="../../app/notifications.py" line="282"/>
        <source>More alerts on the dashboard: {0}</source>
        <translation>工作台上的其他提醒：{0} 条</translation>
    </message>
</context>
<context>
    <name>bills</name>
    <message>
        <location filename="../../app/models/bills_model.py" line="484"/>
        <source>paid</source>
        <translation>付出</translation>
    </message>
    <message>
        <location filename="../../app/models/bills_model.py" line="486"/>
        <source>received</source>
        <translation>收到</translation>
    </message>
    <message>
        <location filename="../../app/models/bills_model.py" line="496"/>
        <source>{0} per litre</source>
        <translation>每升 {0}</translation>
    </message>
    <message>
        <location filename="../../app/models/bills_model.py" line="497"/>
        <source>{0} per {1}</source>
        <translation>每{1} {0}</translation>
    </message>
</context>
<context>
    <name>dapp</name>
    <message>
        <location filename="../../app/models/dapp_common.py" line="84"/>
        <source>{0} L</source>
        <translation>{0} 升</translation>
    </message>
    <message>
        <location filename="../../app/models/dapp_common.py" line="91"/>
        <source>{0} s</source>
        <translation>{0} 秒</translation>
    </message>
    <message>
        <location filename="../../app/models/dapp_common.py" line="93"/>
        <source>{0} min</source>
        <translation>{0} 分钟</translation>
    </message>
    <message>
        <location filename="../../app/models/dapp_common.py" line="95"/>
        <source>{0} h</source>
        <translation>{0} 小时</translation>
    </message>
    <message>
        <location filename="../../app/models/dapp_common.py" line="97"/>
        <source>{0}.{1} days</source>
        <translation>{0}.{1} 天</translation>
    </message>
    <message>
        <location filename="../../app/models/dapp_common.py" line="103"/>
        <source>not falling</source>
        <translation>未下降</translation>
    </message>
    <message>
        <location filename="../../app/models/dapp_common.py" line="105"/>
        <source>below the line</source>
        <translation>已低于预警线</translation>
    </message>
    <message>
        <location filename="../../app/models/dapp_common.py" line="106"/>
        <source>in {0}</source>
        <translation>约 {0} 后</translation>
    </message>
</context>
<context>
    <name>order_dialogs</name>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="49"/>
        <source>Enter a quantity in litres.</source>
        <translation>请输入以升为单位的数量。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="51"/>
        <source>The quantity cannot be negative.</source>
        <translation>数量不能为负数。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="56"/>
        <source>Whole litres only (no decimals).</source>
        <translation>只能输入整升数（不能有小数）。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="58"/>
        <source>Type the quantity as a whole number of litres, for example 8550.</source>
        <translation>请以整数升输入数量，例如 8550。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="60"/>
        <location filename="../../app/dialogs/order_action_dialog.py" line="67"/>
        <source>At most {0}.</source>
        <translation>最多 {0}。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="64"/>
        <source>The quantity must be at least 1 L.</source>
        <translation>数量至少为 1 升。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="65"/>
        <source>At least {0}.</source>
        <translation>至少 {0}。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="75"/>
        <source>Say why, so the other side and the arbiter understand.</source>
        <translation>请说明原因，以便对方和仲裁方了解。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/order_action_dialog.py" line="78"/>
        <source>Too long: {0} bytes; at most {1} (a Chinese character takes 3).</source>
        <translation>过长：{0} 字节；最多 {1} 字节（一个汉字占 3 字节）。</translation>
    </message>
</context>
<context>
    <name>orders</name>
    <message>
        <location filename="../../app/models/orders_model.py" line="56"/>
        <source>Awaiting funds</source>
        <translation>等待资金</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="57"/>
        <source>Awaiting stock</source>
        <translation>等待库存</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="58"/>
        <location filename="../../app/models/orders_model.py" line="147"/>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="59"/>
        <location filename="../../app/models/orders_model.py" line="149"/>
        <source>Dispatched</source>
        <translation>已发货</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="60"/>
        <location filename="../../app/models/orders_model.py" line="151"/>
        <source>Delivered</source>
        <translation>已交付</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="61"/>
        <location filename="../../app/models/orders_model.py" line="163"/>
        <source>Settled</source>
        <translation>已结算</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="62"/>
        <location filename="../../app/models/orders_model.py" line="155"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="63"/>
        <location filename="../../app/models/orders_model.py" line="158"/>
        <source>Disputed</source>
        <translation>争议中</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="64"/>
        <location filename="../../app/models/orders_model.py" line="160"/>
        <source>Resolved</source>
        <translation>已裁决</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="69"/>
        <source>Unknown ({0})</source>
        <translation>未知（{0}）</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="83"/>
        <source>fill seen in the readings</source>
        <translation>读数显示已加注</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="84"/>
        <source>confirmed by the buyer</source>
        <translation>买方确认</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="85"/>
        <source>decided by the arbiter</source>
        <translation>仲裁方裁定</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="131"/>
        <source>Created</source>
        <translation>已创建</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="188"/>
        <source>Top up escrow…</source>
        <translation>补足冻结资金…</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="189"/>
        <source>Confirm with stock…</source>
        <translation>以库存确认…</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="190"/>
        <source>Dispatch…</source>
        <translation>发货…</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="191"/>
        <source>Confirm delivery…</source>
        <translation>确认收货…</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="192"/>
        <source>Settle now…</source>
        <translation>立即结算…</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="193"/>
        <source>Dispute…</source>
        <translation>提出争议…</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="194"/>
        <source>Resolve dispute…</source>
        <translation>裁决争议…</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="235"/>
        <source>Waiting for funds: {0} must be frozen in escrow</source>
        <translation>等待资金：需冻结 {0}</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="239"/>
        <source>Delivered {0}: check it; it settles by itself in {1}</source>
        <translation>已交付 {0}：请核对；{1} 后将自动结算</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="242"/>
        <source>Waiting for stock: {0} to reserve</source>
        <translation>等待库存：需预留 {0}</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="245"/>
        <source>Confirmed: dispatch {0} before {1}</source>
        <translation>已确认：请在 {1} 之前发货 {0}</translation>
    </message>
    <message>
        <location filename="../../app/models/orders_model.py" line="248"/>
        <source>Disputed: {0}</source>
        <translation>争议：{0}</translation>
    </message>
</context>
<context>
    <name>statement</name>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="34"/>
        <source>Bill</source>
        <translation>账单</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="34"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="34"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="35"/>
        <source>Site</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="35"/>
        <source>Item</source>
        <translation>品名</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="35"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="36"/>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="36"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="36"/>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="52"/>
        <source>Monthly statement {0}</source>
        <translation>{0} 月度对账单</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="53"/>
        <source>From the chain at height {0}; generated {1}.</source>
        <translation>数据来自链上高度 {0}；生成于 {1}。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="57"/>
        <source>Party:</source>
        <translation>成员：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="57"/>
        <source>Counterparty:</source>
        <translation>交易对方：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="58"/>
        <source>Month (UTC):</source>
        <translation>月份（UTC）：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="58"/>
        <source>Bills:</source>
        <translation>账单数：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="59"/>
        <source>Paid:</source>
        <translation>已付：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="59"/>
        <source>Received:</source>
        <translation>已收：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="60"/>
        <source>Total:</source>
        <translation>合计：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="91"/>
        <source>Bill no.:</source>
        <translation>账单号：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="92"/>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="92"/>
        <source>settlement of a tank order</source>
        <translation>储罐订单结算</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="93"/>
        <source>resolution of a disputed order</source>
        <translation>争议订单裁决</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="94"/>
        <source>Order:</source>
        <translation>订单：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="95"/>
        <source>Payer:</source>
        <translation>付款方：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="96"/>
        <source>Payee:</source>
        <translation>收款方：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="97"/>
        <source>Item:</source>
        <translation>品名：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="98"/>
        <source>Delivered to:</source>
        <translation>交付地点：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="99"/>
        <source>Quantity:</source>
        <translation>数量：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="101"/>
        <source>Unit price:</source>
        <translation>单价：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="102"/>
        <source>Amount:</source>
        <translation>金额：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="103"/>
        <source>Settled:</source>
        <translation>结算时间：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="104"/>
        <source>Block:</source>
        <translation>区块：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="105"/>
        <source>Statement month:</source>
        <translation>对账月份：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="108"/>
        <source>Settlement bill {0}</source>
        <translation>结算账单 {0}</translation>
    </message>
    <message>
        <location filename="../../app/widgets/statement_document.py" line="109"/>
        <source>Generated {0} from the chain&apos;s bill record.</source>
        <translation>根据链上账单记录生成于 {0}。</translation>
    </message>
</context>
</TS>
