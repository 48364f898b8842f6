<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BlocksModel</name>
    <message>
        <location filename="../../app/models/blocks_model.py" line="+166"/>
        <source>Height</source>
        <translation>高度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transactions</source>
        <translation>交易数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proposer</source>
        <translation>提议者</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Block ID</source>
        <translation>区块 ID</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/main_window.py" line="+51"/>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Height: —</source>
        <translation>高度：—</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Height: {0}</source>
        <translation>高度：{0}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <location filename="../../app/pages/overview_page.py" line="+67"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chain</source>
        <translation>链</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chain ID:</source>
        <translation>链 ID：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Height:</source>
        <translation>高度：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last block:</source>
        <translation>最新区块：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Node:</source>
        <translation>节点：</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation:</source>
        <translation>组织：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Balance:</source>
        <translation>余额：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In escrow:</source>
        <translation>冻结金额：</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Recent blocks</source>
        <translation>最近区块</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>No account to show.</source>
        <translation>没有可显示的账户。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This account is not on the chain yet.</source>
        <translation>该账户尚未上链。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The node sent an unreadable balance.</source>
        <translation>节点返回的余额无法读取。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} minor units</source>
        <translation>{0} 最小单位</translation>
    </message>
</context>
<context>
    <name>formatting</name>
    <message>
        <location filename="../../app/formatting.py" line="+73"/>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} s ago</source>
        <translation>{0} 秒前</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} min ago</source>
        <translation>{0} 分钟前</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} h ago</source>
        <translation>{0} 小时前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} d ago</source>
        <translation>{0} 天前</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Core enterprise</source>
        <translation>核心企业</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warehouse</source>
        <translation>仓储方</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warehouse manager</source>
        <translation>仓库管理员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logistics</source>
        <translation>物流方</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bank</source>
        <translation>银行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auditor</source>
        <translation>审计方</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Regulator</source>
        <translation>监管方</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arbiter</source>
        <translation>仲裁方</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consortium operator</source>
        <translation>联盟运营方</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tank-site gateway</source>
        <translation>储罐现场网关</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Governor</source>
        <translation>治理成员</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The transaction is not correctly encoded.</source>
        <translation>交易编码不正确。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The node could not read the request.</source>
        <translation>节点无法读取该请求。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The transaction is for a different chain.</source>
        <translation>该交易属于另一条链。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The signature is not valid.</source>
        <translation>签名无效。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This key may not sign for the account.</source>
        <translation>此密钥无权为该账户签名。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This transaction was already sent (its sequence number is used).</source>
        <translation>该交易已发送过（其序号已被使用）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>An earlier transaction of this account is still missing.</source>
        <translation>该账户之前的一笔交易尚未到达。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The transaction expired before it was included.</source>
        <translation>交易在上链前已过期。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The request is too large for the node.</source>
        <translation>请求过大，节点无法处理。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The node is busy; please try again shortly.</source>
        <translation>节点繁忙，请稍后重试。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The address is not valid (mistyped?).</source>
        <translation>地址无效（是否输入有误？）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The balance is not sufficient.</source>
        <translation>余额不足。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only the bank may issue or redeem the settlement token.</source>
        <translation>只有银行可以发行或赎回结算通证。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The amount is not valid.</source>
        <translation>金额无效。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The node does not know this item.</source>
        <translation>节点上找不到该条目。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The node&apos;s queue of pending transactions is full; please try again later.</source>
        <translation>节点的待处理交易队列已满，请稍后重试。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The node already has this transaction.</source>
        <translation>节点已有该交易。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The node does not answer. Is it running?</source>
        <translation>节点无响应。它是否正在运行？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The node refused the request: {0}</source>
        <translation>节点拒绝了请求：{0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unexpected error: {0}</source>
        <translation>意外错误：{0}</translation>
    </message>
</context>
<context>
    <name>gui</name>
    <message>
        <location filename="../../app/gui.py" line="+268"/>
        <source>Starting the demo network…</source>
        <translation>正在启动演示网络…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+31"/>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>The demo network could not be started.</source>
        <translation>无法启动演示网络。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Could not connect to the node.</source>
        <translation>无法连接到节点。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Its log is in {0}</source>
        <translation>日志位于 {0}</translation>
    </message>
</context>
</TS>
