<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DecodedTree</name>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="35"/>
        <source>Transaction ID</source>
        <translation>交易 ID</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="36"/>
        <source>Block height</source>
        <translation>区块高度</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="37"/>
        <source>Position in block</source>
        <translation>区块内位置</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="38"/>
        <source>Block ID</source>
        <translation>区块 ID</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="39"/>
        <source>Chain ID</source>
        <translation>链 ID</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="40"/>
        <source>Sender</source>
        <translation>发送方</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="41"/>
        <location filename="../../app/widgets/decoded_tree.py" line="144"/>
        <source>Sequence number</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="42"/>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="43"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="44"/>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="45"/>
        <source>Content (raw bytes)</source>
        <translation>内容（原始字节）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="46"/>
        <source>Signatures</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="47"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="48"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="49"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="50"/>
        <source>Previous block ID</source>
        <translation>上一区块 ID</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="51"/>
        <source>Previous block&apos;s commit hash</source>
        <translation>上一区块提交哈希</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="52"/>
        <source>Transactions root</source>
        <translation>交易根</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="53"/>
        <source>State root</source>
        <translation>状态根</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="54"/>
        <source>Validator set hash</source>
        <translation>验证者集合哈希</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="55"/>
        <source>Next validator set hash</source>
        <translation>下一验证者集合哈希</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="56"/>
        <source>Evidence hash</source>
        <translation>证据哈希</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="57"/>
        <source>Proposer</source>
        <translation>提议者</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="58"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="59"/>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="60"/>
        <source>Organisation</source>
        <translation>机构</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="61"/>
        <source>Organisation ID</source>
        <translation>机构 ID</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="62"/>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="63"/>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="64"/>
        <source>In escrow</source>
        <translation>冻结中</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="65"/>
        <source>Frozen</source>
        <translation>冻结</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="66"/>
        <source>Signer keys</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="67"/>
        <source>Signatures needed</source>
        <translation>所需签名数</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="68"/>
        <source>Signatures needed for large amounts</source>
        <translation>大额所需签名数</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="69"/>
        <source>Large amount from</source>
        <translation>大额起点</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="70"/>
        <source>Signature scheme</source>
        <translation>签名算法</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="71"/>
        <source>Public key</source>
        <translation>公钥</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="72"/>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="73"/>
        <source>Device keys</source>
        <translation>设备密钥</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="74"/>
        <source>Key being replaced</source>
        <translation>被替换的密钥</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="75"/>
        <source>New key</source>
        <translation>新密钥</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="76"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="77"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="78"/>
        <source>Pay to</source>
        <translation>收款方</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="79"/>
        <location filename="../../app/widgets/decoded_tree.py" line="80"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="81"/>
        <source>Issued</source>
        <translation>已发行</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="82"/>
        <source>Redeemed</source>
        <translation>已赎回</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="83"/>
        <source>Released</source>
        <translation>已释放</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="84"/>
        <source>Paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="85"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="86"/>
        <source>Received</source>
        <translation>已收到</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="87"/>
        <source>Reserved</source>
        <translation>已预留</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="88"/>
        <source>Pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="89"/>
        <source>Approval request</source>
        <translation>审批请求</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="90"/>
        <source>Approvals</source>
        <translation>审批</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="91"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="92"/>
        <source>Proposal</source>
        <translation>提案</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="93"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="94"/>
        <source>Proposed action kind</source>
        <translation>提议操作类型</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="95"/>
        <source>Proposed action content</source>
        <translation>提议操作内容</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="96"/>
        <source>Ballots</source>
        <translation>投票</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="97"/>
        <source>Vote</source>
        <translation>投票</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="98"/>
        <source>Voter</source>
        <translation>投票人</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="99"/>
        <source>First vote</source>
        <translation>第一票</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="100"/>
        <source>Second vote</source>
        <translation>第二票</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="101"/>
        <source>Vote type</source>
        <translation>投票类型</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="102"/>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="103"/>
        <source>Validator</source>
        <translation>共识节点</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="104"/>
        <source>Validators</source>
        <translation>共识节点</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="105"/>
        <source>Voting power</source>
        <translation>投票权</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="106"/>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="107"/>
        <source>Committed at block</source>
        <translation>提交于区块</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="108"/>
        <source>Effective from block</source>
        <translation>生效区块</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="109"/>
        <source>Proposed at</source>
        <translation>提议时间</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="110"/>
        <source>Deadline</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="111"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="112"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="113"/>
        <source>Amendment</source>
        <translation>修订</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="114"/>
        <source>Amended at block</source>
        <translation>修订于区块</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="115"/>
        <source>Tank</source>
        <translation>储罐</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="116"/>
        <source>Supplier&apos;s storage tank</source>
        <translation>供应商储罐</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="117"/>
        <source>Owner</source>
        <translation>所有者</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="118"/>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="119"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="120"/>
        <source>Site</source>
        <translation>站点</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="121"/>
        <source>Operator</source>
        <translation>运营方</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="122"/>
        <source>Capacity (litres)</source>
        <translation>容量（升）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="123"/>
        <source>Geometry</source>
        <translation>几何形状</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="124"/>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="125"/>
        <source>Diameter (mm)</source>
        <translation>直径（毫米）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="126"/>
        <source>Length (mm)</source>
        <translation>长度（毫米）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="127"/>
        <source>Highest level (mm)</source>
        <translation>最高液位（毫米）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="128"/>
        <source>Level-to-volume table</source>
        <translation>液位-体积对照表</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="129"/>
        <source>Warning line (mm)</source>
        <translation>预警线（毫米）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="130"/>
        <source>Critical line (mm)</source>
        <translation>临界线（毫米）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="131"/>
        <source>Level (mm)</source>
        <translation>液位（毫米）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="132"/>
        <source>Level read at</source>
        <translation>液位读取时间</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="133"/>
        <source>Has a level reading</source>
        <translation>有液位读数</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="134"/>
        <source>Volume (litres)</source>
        <translation>体积（升）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="135"/>
        <source>Full volume (litres)</source>
        <translation>满罐体积（升）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="136"/>
        <source>Inventory (litres)</source>
        <translation>库存（升）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="137"/>
        <source>Reserved (litres)</source>
        <translation>已预留（升）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="138"/>
        <source>Received into storage (litres)</source>
        <translation>入库量（升）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="139"/>
        <source>Removed from storage (litres)</source>
        <translation>出库量（升）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="140"/>
        <source>Reorder quantity (litres)</source>
        <translation>补货量（升）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="141"/>
        <source>Sensor current (µA)</source>
        <translation>传感器电流（微安）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="142"/>
        <source>Reading</source>
        <translation>读数</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="143"/>
        <source>Readings</source>
        <translation>读数</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="145"/>
        <source>Last sequence number</source>
        <translation>最后序号</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="146"/>
        <source>Last reading at</source>
        <translation>最后读数时间</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="147"/>
        <source>Sensor fault</source>
        <translation>传感器故障</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="148"/>
        <source>Sensor faults</source>
        <translation>传感器故障次数</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="149"/>
        <source>Last sensor fault</source>
        <translation>最近传感器故障</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="150"/>
        <source>Readings needed below the line</source>
        <translation>低于预警线所需连续读数次数</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="151"/>
        <source>Readings below the warning line</source>
        <translation>低于预警线的读数次数</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="152"/>
        <source>Oldest reading accepted</source>
        <translation>可接受的最旧读数</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="153"/>
        <source>Reading window</source>
        <translation>读数时间窗口</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="154"/>
        <source>Fastest plausible fall (mm/min)</source>
        <translation>最大合理下降速度（毫米/分钟）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="155"/>
        <source>Fastest plausible rise (mm/min)</source>
        <translation>最大合理上升速度（毫米/分钟）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="156"/>
        <source>Level that triggered the order (mm)</source>
        <translation>触发订单的液位（毫米）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="157"/>
        <source>Reading that triggered the order</source>
        <translation>触发订单的读数</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="158"/>
        <source>Delivery watch</source>
        <translation>交付监测</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="159"/>
        <source>Volume before delivery (litres)</source>
        <translation>交付前体积（升）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="160"/>
        <source>Highest volume during delivery (litres)</source>
        <translation>交付期间最高体积（升）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="161"/>
        <source>Highest volume at</source>
        <translation>最高体积时间</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="162"/>
        <source>Expected volume after delivery (litres)</source>
        <translation>交付后预期体积（升）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="163"/>
        <source>Smallest fill counted as delivery (%)</source>
        <translation>计为交付的最小充装比例（%）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="164"/>
        <source>Settling time after a fill</source>
        <translation>充装后稳定时间</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="165"/>
        <source>Fill started at</source>
        <translation>充装开始时间</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="166"/>
        <source>Open order</source>
        <translation>未完成订单</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="167"/>
        <source>Urgent order open</source>
        <translation>紧急订单未结</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="168"/>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="169"/>
        <source>Registered at block</source>
        <translation>登记于区块</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="170"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="171"/>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="172"/>
        <source>Buyer</source>
        <translation>买方</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="173"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="174"/>
        <source>Quantity (litres)</source>
        <translation>数量（升）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="175"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="176"/>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="177"/>
        <source>Estimated cost</source>
        <translation>预估费用</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="178"/>
        <source>Delivered (litres)</source>
        <translation>已交付（升）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="179"/>
        <source>Delivered at</source>
        <translation>交付时间</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="180"/>
        <source>Dispatched (litres)</source>
        <translation>已发货（升）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="181"/>
        <source>Dispatched at</source>
        <translation>发货时间</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="182"/>
        <source>Delivery deadline</source>
        <translation>交付截止时间</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="183"/>
        <source>Longest delivery deadline</source>
        <translation>最长交付期限</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="184"/>
        <source>Dispute window</source>
        <translation>争议期</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="185"/>
        <source>Longest dispute window</source>
        <translation>最长争议期</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="186"/>
        <source>Settles after</source>
        <translation>结算时间不早于</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="187"/>
        <source>Dispute reason</source>
        <translation>争议原因</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="188"/>
        <source>Disputed by</source>
        <translation>争议发起方</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="189"/>
        <source>Status when disputed</source>
        <translation>争议时状态</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="190"/>
        <source>Resolution</source>
        <translation>裁决说明</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="191"/>
        <source>Arbiter</source>
        <translation>仲裁方</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="192"/>
        <source>Terms</source>
        <translation>条款</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="193"/>
        <source>Terms hash</source>
        <translation>条款哈希</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="194"/>
        <source>Created at block</source>
        <translation>创建于区块</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="195"/>
        <source>Created at</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="196"/>
        <source>Closed at block</source>
        <translation>关闭于区块</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="197"/>
        <source>Closed at</source>
        <translation>关闭时间</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="198"/>
        <source>Why it closed</source>
        <translation>关闭原因</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="199"/>
        <source>Bill number</source>
        <translation>账单编号</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="200"/>
        <source>Bill numbers</source>
        <translation>账单编号</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="201"/>
        <source>Payer</source>
        <translation>付款方</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="202"/>
        <source>Payee</source>
        <translation>收款方</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="203"/>
        <source>Party</source>
        <translation>当事方</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="204"/>
        <source>Counterparty</source>
        <translation>对方</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="205"/>
        <source>Due</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="206"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="207"/>
        <source>Reference</source>
        <translation>参考号</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="208"/>
        <source>Item</source>
        <translation>条目</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="209"/>
        <source>Entries</source>
        <translation>条目</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="210"/>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="211"/>
        <source>Number</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="212"/>
        <source>Next number</source>
        <translation>下一个编号</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="213"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="214"/>
        <source>Pages</source>
        <translation>页</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="268"/>
        <source>Field</source>
        <extracomment>Fields whose meaning at the top of a transaction or header differs from inside a payload (``kind`` is the transaction&apos;s kind there, a proposed kind in an approval).</extracomment>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="268"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="306"/>
        <source>Fields: {0}</source>
        <translation>字段数：{0}</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="311"/>
        <source>Items: {0}</source>
        <translation>项数：{0}</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="333"/>
        <source>Double-click to open {0}</source>
        <translation>双击打开 {0}</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="342"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="342"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="345"/>
        <source>{0} (in minor units: {1})</source>
        <translation>{0}（最小单位：{1}）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="353"/>
        <source>as the node reports it, not verified</source>
        <translation>以节点所报为准，未验证</translation>
    </message>
    <message>
        <location filename="../../app/widgets/decoded_tree.py" line="356"/>
        <source>Block headers do not commit to outcomes, so this value is the node&apos;s word.</source>
        <translation>区块头不包含执行结果，因此此值仅是节点的说法。</translation>
    </message>
</context>
<context>
    <name>ExplorerBlockTxs</name>
    <message>
        <location filename="../../app/models/explorer_block_txs.py" line="105"/>
        <source>in block {0}, verified</source>
        <translation>在区块 {0} 中，已验证</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_block_txs.py" line="107"/>
        <source>verifying…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_block_txs.py" line="109"/>
        <source>verification failed</source>
        <translation>验证失败</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_block_txs.py" line="110"/>
        <source>unverified</source>
        <translation>未验证</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_block_txs.py" line="117"/>
        <source>succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_block_txs.py" line="118"/>
        <source>failed: {0}</source>
        <translation>失败：{0}</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_block_txs.py" line="161"/>
        <source>As the node reports it: block headers do not commit to outcomes, so the result is not verified.</source>
        <translation>以节点所报为准：区块头不包含执行结果，因此结果未经验证。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_block_txs.py" line="181"/>
        <source>Its inclusion proof leads to the transactions root of block {0}, whose header the light client verified.</source>
        <translation>其包含证明可推导出区块 {0} 的交易根，该区块头已由轻节点验证。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_block_txs.py" line="275"/>
        <source>Checking the transactions failed: {0}</source>
        <translation>检查交易失败：{0}</translation>
    </message>
</context>
<context>
    <name>ExplorerDetailDialog</name>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="161"/>
        <source>Back</source>
        <translation>后退</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="165"/>
        <source>Forward</source>
        <translation>前进</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="175"/>
        <source>Verify with light client</source>
        <translation>用轻节点验证</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="250"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="271"/>
        <source>Block {0}</source>
        <translation>区块 {0}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="273"/>
        <source>Transaction {0}</source>
        <translation>交易 {0}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="275"/>
        <source>Account {0}</source>
        <translation>账户 {0}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="278"/>
        <source>Record {0}</source>
        <translation>记录 {0}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="280"/>
        <source>Everything naming {0}</source>
        <translation>提及 {0} 的全部内容</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="281"/>
        <source>Looking up {0}</source>
        <translation>正在查找 {0}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="309"/>
        <source>A list has nothing to prove as a whole; open one of its items.</source>
        <translation>列表本身无法整体证明；请打开其中一项。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="323"/>
        <source>No network root of trust is configured, so nothing can be verified: {0}</source>
        <translation>未配置网络的信任根，因此无法验证任何内容：{0}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="368"/>
        <source>Verify again</source>
        <translation>重新验证</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="374"/>
        <source>no node of the network answered</source>
        <translation>网络中没有节点应答</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="375"/>
        <source>the network&apos;s root of trust is not configured</source>
        <translation>未配置网络的信任根</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="376"/>
        <source>a fork was detected; see the Node page</source>
        <translation>检测到分叉；请查看“节点”页面</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="377"/>
        <source>the light client is halted by a fork alert; see the Node page</source>
        <translation>轻节点因分叉警报已停止；请查看“节点”页面</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="378"/>
        <source>the node&apos;s proof does not lead to the verified state root</source>
        <translation>节点提供的证明无法推导出已验证的状态根</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="379"/>
        <source>the node claims the record is absent but cannot prove it</source>
        <translation>节点声称该记录不存在，但无法证明</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="380"/>
        <source>the node&apos;s inclusion proof does not hold</source>
        <translation>节点提供的包含证明不成立</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="381"/>
        <source>the node answered with another transaction</source>
        <translation>节点返回了另一笔交易</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="382"/>
        <source>the node does not know this transaction</source>
        <translation>节点不知道这笔交易</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="383"/>
        <source>the node does not know this item</source>
        <translation>节点不知道此项</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="384"/>
        <source>the node follows another chain</source>
        <translation>该节点属于另一条链</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="385"/>
        <source>the node&apos;s genesis is not the pinned one</source>
        <translation>该节点的创世区块不是固定的那个</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="401"/>
        <source>the verified block {0} has another id ({1}…)</source>
        <translation>已验证的区块 {0} 的 ID 不同（{1}…）</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="404"/>
        <source>The block&apos;s header and id are proven: more than two thirds of the validators signed it.</source>
        <translation>区块头和区块 ID 已得到证明：超过三分之二的共识节点签署了它。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="410"/>
        <source>the proven transaction differs from the local copy</source>
        <translation>已证明的交易与本地副本不同</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="412"/>
        <source>the transaction is proven in block {0}, not {1}</source>
        <translation>该交易被证明位于区块 {0}，而不是 {1}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="414"/>
        <source>Its inclusion in block {0} is proven. Whether it succeeded is as the node reports it ({1}): block headers do not commit to results.</source>
        <translation>已证明它包含在区块 {0} 中。是否执行成功以节点报告为准（{1}）：区块头不承诺执行结果。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="433"/>
        <source>Proven: there is no account record at block {0}.</source>
        <translation>已证明：在区块 {0} 时不存在该账户记录。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="434"/>
        <source>the light client proves this record no longer exists at block {0}</source>
        <translation>轻节点证明该记录在区块 {0} 时已不存在</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="438"/>
        <source>The local index (up to block {0}) shows an older value; shown now is the value proven at block {1}.</source>
        <translation>本地索引（至区块 {0}）显示的是较旧的值；现在显示的是在区块 {1} 得到证明的值。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="505"/>
        <source>Height:</source>
        <translation>高度：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="506"/>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="544"/>
        <source>Time:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="507"/>
        <source>Since the previous block:</source>
        <translation>距上一区块：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="507"/>
        <source>{0} ms</source>
        <translation>{0} 毫秒</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="508"/>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="594"/>
        <source>Transactions:</source>
        <translation>交易：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="508"/>
        <source>{0} ({1} failed)</source>
        <translation>{0}（{1} 笔失败）</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="509"/>
        <source>Events:</source>
        <translation>事件：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="510"/>
        <source>Proposer:</source>
        <translation>提议者：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="511"/>
        <source>Validators that signed:</source>
        <translation>签名的共识节点：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="511"/>
        <source>{0} of {1}</source>
        <translation>{1} 个中的 {0} 个</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="512"/>
        <source>Block ID:</source>
        <translation>区块 ID：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="513"/>
        <source>State root:</source>
        <translation>状态根：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="518"/>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="660"/>
        <source>Transactions</source>
        <translation>交易</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="521"/>
        <source>Validator</source>
        <translation>共识节点</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="521"/>
        <source>Vote</source>
        <translation>投票</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="523"/>
        <source>absent</source>
        <translation>缺席</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="523"/>
        <source>signed</source>
        <translation>已签名</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="523"/>
        <source>voted nil</source>
        <translation>投了空票</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="528"/>
        <source>Commit signatures</source>
        <translation>提交签名</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="529"/>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="610"/>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="661"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="540"/>
        <source>Transaction ID:</source>
        <translation>交易 ID：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="541"/>
        <source>What:</source>
        <translation>内容：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="542"/>
        <source>Result:</source>
        <translation>结果：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="543"/>
        <source>Block:</source>
        <translation>区块：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="543"/>
        <source>{0}, position {1}</source>
        <translation>{0}，第 {1} 笔</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="545"/>
        <source>Sender:</source>
        <translation>发送方：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="546"/>
        <source>Sequence number:</source>
        <translation>序号：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="549"/>
        <source>Valid until:</source>
        <translation>有效期至：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="550"/>
        <source>Signatures:</source>
        <translation>签名：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="550"/>
        <source>not available (no node data)</source>
        <translation>不可用（无节点数据）</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="560"/>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="633"/>
        <source>Decoded</source>
        <translation>解码内容</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="565"/>
        <source>Parties and ids</source>
        <translation>相关方与编号</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="570"/>
        <source>Events ({0})</source>
        <translation>事件（{0}）</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="574"/>
        <source>Signatures</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="579"/>
        <source>Raw bytes ({0})</source>
        <translation>原始字节（{0}）</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="593"/>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="594"/>
        <source>{0} ({1} sent)</source>
        <translation>{0}（发出 {1} 笔）</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="595"/>
        <source>Events naming it:</source>
        <translation>提及它的事件：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="596"/>
        <source>Active:</source>
        <translation>活跃区间：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="596"/>
        <source>blocks {0} to {1}</source>
        <translation>区块 {0} 至 {1}</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="606"/>
        <source>No account record: this address is not a registered account.</source>
        <translation>没有账户记录：此地址不是已注册的账户。</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="608"/>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="609"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="622"/>
        <source>Key:</source>
        <translation>键：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="623"/>
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="624"/>
        <source>Changed at block:</source>
        <translation>变更于区块：</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="636"/>
        <source>Transactions naming {0}</source>
        <translation>提及 {0} 的交易</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="637"/>
        <source>Events naming {0}</source>
        <translation>提及 {0} 的事件</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="648"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="648"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="648"/>
        <source>Named in</source>
        <translation>出现在</translation>
    </message>
    <message>
        <location filename="../../app/dialogs/explorer_detail_dialog.py" line="659"/>
        <source>Records ({0})</source>
        <translation>记录（{0}）</translation>
    </message>
</context>
<context>
    <name>ExplorerLightErrors</name>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="25"/>
        <source>The light client could not verify the node&apos;s answer.</source>
        <translation>轻节点无法验证节点的答复。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="27"/>
        <source>This network has no pinned genesis hash, so nothing can be verified.</source>
        <translation>此网络没有固定的创世哈希，因此无法验证任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="28"/>
        <source>The node&apos;s genesis is not the one pinned for this network.</source>
        <translation>该节点的创世区块不是此网络固定的那个。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="29"/>
        <source>The node follows another chain than this network.</source>
        <translation>该节点跟随的是另一条链，而不是此网络。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="30"/>
        <source>The network file&apos;s trust level is outside 1/3 to 1.</source>
        <translation>网络文件中的信任级别不在 1/3 到 1 之间。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="31"/>
        <source>The light client could not check the network&apos;s genesis.</source>
        <translation>轻节点无法检查此网络的创世区块。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="32"/>
        <source>The light client&apos;s data on this computer cannot be opened.</source>
        <translation>无法打开本机上的轻节点数据。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="34"/>
        <source>The node sent a block header that does not verify.</source>
        <translation>节点发送的区块头未通过验证。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="35"/>
        <source>The node sent a forged header: the validators&apos; signatures are for another block.</source>
        <translation>节点发送了伪造的区块头：共识节点的签名针对的是另一个区块。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="36"/>
        <source>The node sent a header that does not follow the verified one before it.</source>
        <translation>节点发送的区块头未接续其前一个已验证的区块头。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="37"/>
        <source>The node sent a validator set that is not the one the header names.</source>
        <translation>节点发送的共识节点集合不是区块头所指定的集合。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="38"/>
        <source>The header is signed by a validator set the verified chain did not name.</source>
        <translation>该区块头由已验证链未指定的共识节点集合签署。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="39"/>
        <source>The header carries signatures of validators outside its validator set.</source>
        <translation>该区块头带有其共识节点集合之外的签名。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="40"/>
        <source>The header&apos;s signatures are malformed.</source>
        <translation>该区块头的签名格式错误。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="41"/>
        <source>A validator&apos;s signature on the header does not verify.</source>
        <translation>某个共识节点对该区块头的签名未通过验证。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="42"/>
        <source>Two thirds or less of the validators signed the header.</source>
        <translation>签署该区块头的共识节点不超过三分之二。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="43"/>
        <source>Too few of the trusted validators signed the header.</source>
        <translation>签署该区块头的受信任共识节点太少。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="44"/>
        <source>The header&apos;s time is not later than the verified header before it.</source>
        <translation>该区块头的时间不晚于其前一个已验证的区块头。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="45"/>
        <source>The header&apos;s time is ahead of this computer&apos;s clock.</source>
        <translation>该区块头的时间超前于本机时钟。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="46"/>
        <source>The node answered with a header of another height.</source>
        <translation>节点返回了其他高度的区块头。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="47"/>
        <source>The last verified header is older than the trusting period.</source>
        <translation>最近一个已验证的区块头已超出信任期。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="48"/>
        <source>The header is not after the verified one.</source>
        <translation>该区块头不在已验证的区块头之后。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="49"/>
        <source>The node withholds a header below its own newest block.</source>
        <translation>节点扣留了低于其最新区块的区块头。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="50"/>
        <source>The node sent a malformed answer.</source>
        <translation>节点发送的答复格式错误。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="51"/>
        <source>No node of the network answered, or no other node confirmed the header.</source>
        <translation>网络中没有节点响应，或没有其他节点确认该区块头。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="53"/>
        <source>A fork was detected: two nodes serve different signed blocks. See the Node page.</source>
        <translation>检测到分叉：两个节点提供了不同的已签署区块。请查看“节点”页面。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="54"/>
        <source>The light client is halted by an unacknowledged fork alert. See the Node page.</source>
        <translation>轻节点因未确认的分叉警报而暂停。请查看“节点”页面。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="56"/>
        <source>The node&apos;s proof does not hold.</source>
        <translation>节点提供的证明不成立。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="57"/>
        <source>The node&apos;s proof is malformed.</source>
        <translation>节点提供的证明格式错误。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="58"/>
        <source>The node&apos;s proof does not lead to the verified block&apos;s state root.</source>
        <translation>节点提供的证明无法推导出已验证区块的状态根。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="59"/>
        <source>The node answered for another record than the one asked for.</source>
        <translation>节点返回的是另一条记录，而不是所查询的记录。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="60"/>
        <source>The node says the record does not exist but cannot prove it.</source>
        <translation>节点声称该记录不存在，但无法证明。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="61"/>
        <source>The node&apos;s proof is for another block than the one asked for.</source>
        <translation>节点提供的证明针对的是另一个区块，而不是所查询的区块。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="62"/>
        <source>The node&apos;s inclusion proof does not lead to the block&apos;s transactions root.</source>
        <translation>节点提供的包含证明无法推导出该区块的交易根。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="63"/>
        <source>The node answered with another transaction than the one asked for.</source>
        <translation>节点返回的是另一笔交易，而不是所查询的交易。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="64"/>
        <source>There is no such record: its absence is proven.</source>
        <translation>不存在该记录：其不存在已被证明。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="65"/>
        <source>There is no such account: its absence is proven.</source>
        <translation>不存在该账户：其不存在已被证明。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="66"/>
        <source>The node knows no committed transaction with this id.</source>
        <translation>节点上没有此 ID 的已提交交易。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="67"/>
        <source>This record is of a type this version of Depot does not know.</source>
        <translation>此记录的类型是当前版本的 Depot 无法识别的。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="69"/>
        <source>The full sync failed.</source>
        <translation>完整同步失败。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="70"/>
        <source>A node sent a block that fails verification.</source>
        <translation>某个节点发送的区块未通过验证。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="71"/>
        <source>A node withheld blocks or sent them out of order.</source>
        <translation>某个节点扣留了区块或未按顺序发送。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="72"/>
        <source>No trusted genesis is available for this data folder.</source>
        <translation>此数据文件夹没有可信的创世区块。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="79"/>
        <source>The node sent a malformed block summary.</source>
        <translation>节点发送的区块摘要格式错误。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="80"/>
        <source>The node&apos;s API names another block id than the verified header&apos;s.</source>
        <translation>节点 API 给出的区块 ID 与已验证区块头的不同。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="81"/>
        <source>The node&apos;s API changed the block&apos;s time or proposer.</source>
        <translation>节点 API 篡改了区块的时间或提议者。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="82"/>
        <source>The block the node named for this id has another verified id.</source>
        <translation>节点针对此 ID 给出的区块，其已验证的 ID 不同。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="83"/>
        <source>The node&apos;s list of transactions is for another block.</source>
        <translation>节点给出的交易列表属于另一个区块。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="84"/>
        <source>The transaction is proven to be in another block than the one listed.</source>
        <translation>已证明该交易位于另一个区块，而不是所列的区块。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="85"/>
        <source>The transaction is proven at another position in the block than listed.</source>
        <translation>已证明该交易在区块中的位置与所列位置不同。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="86"/>
        <source>The node&apos;s list of this block&apos;s transactions is incomplete or out of order: it does not rebuild the verified transactions root.</source>
        <translation>节点给出的该区块交易列表不完整或顺序错误：无法重建已验证的交易根。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="100"/>
        <source>What the node&apos;s API said differs from what the light client verified.</source>
        <translation>节点 API 所述与轻节点验证的结果不一致。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_light_errors.py" line="105"/>
        <source>The light client could not verify this ({0}).</source>
        <translation>轻节点无法验证此内容（{0}）。</translation>
    </message>
</context>
<context>
    <name>ExplorerNode</name>
    <message>
        <location filename="../../app/models/explorer_node.py" line="136"/>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="137"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="138"/>
        <source>Height</source>
        <translation>高度</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="139"/>
        <source>Behind</source>
        <translation>落后</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="140"/>
        <source>Answer time</source>
        <translation>响应时间</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="141"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="142"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="175"/>
        <source>{0} (this app reads from it)</source>
        <translation>{0}（本应用从它读取）</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="178"/>
        <source>asking…</source>
        <translation>正在询问…</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="180"/>
        <source>not answering</source>
        <translation>无应答</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="182"/>
        <source>another chain!</source>
        <translation>另一条链！</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="183"/>
        <source>answering</source>
        <translation>正常应答</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="191"/>
        <source>in step</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="191"/>
        <source>{0} blocks</source>
        <translation>{0} 个区块</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="193"/>
        <source>{0} ms</source>
        <translation>{0} 毫秒</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="253"/>
        <source>Validator</source>
        <translation>共识节点</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="254"/>
        <source>Organisation</source>
        <translation>机构</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="255"/>
        <source>Voting power</source>
        <translation>投票权</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="256"/>
        <source>Signed</source>
        <translation>已签名</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="257"/>
        <source>Proposed</source>
        <translation>已提议</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="258"/>
        <source>Operator account</source>
        <translation>运营账户</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="274"/>
        <source>Blocks it was expected to sign: {1}; signed: {0}</source>
        <translation>应签名的区块：{1} 个；已签名：{0} 个</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_node.py" line="304"/>
        <source>{0} % ({1} of {2})</source>
        <translation>{0} %（{2} 个中的 {1} 个）</translation>
    </message>
</context>
<context>
    <name>ExplorerPage</name>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="169"/>
        <source>Explorer</source>
        <translation>区块浏览器</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="180"/>
        <location filename="../../app/pages/explorer_page.py" line="598"/>
        <source>No node data open</source>
        <translation>未打开节点数据</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="184"/>
        <source>Update index</source>
        <translation>更新索引</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="187"/>
        <source>Open data folder…</source>
        <translation>打开数据文件夹…</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="189"/>
        <source>Explore a full node&apos;s data folder, such as an auditor&apos;s copy of the chain</source>
        <translation>浏览全节点的数据文件夹，例如审计人员的链副本</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="196"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="209"/>
        <source>Rebuild index</source>
        <translation>重建索引</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="234"/>
        <location filename="../../app/pages/explorer_page.py" line="593"/>
        <source>Search a height, block or transaction id (or its first 8+ characters), address, order or tank id, kind</source>
        <translation>搜索高度、区块或交易 ID（或其前 8 个以上字符）、地址、订单或储罐编号、类型</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="239"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="278"/>
        <source>Blocks</source>
        <translation>区块</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="279"/>
        <source>Transactions</source>
        <translation>交易</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="280"/>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="281"/>
        <source>Records</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="282"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="338"/>
        <source>Go to height</source>
        <translation>跳转到高度</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="349"/>
        <source>A height is a whole number, such as 1200.</source>
        <translation>高度是一个整数，例如 1200。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="386"/>
        <source>Party address (depot1…)</source>
        <translation>相关方地址（depot1…）</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="411"/>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="415"/>
        <source>Failed only</source>
        <translation>仅失败</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="447"/>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="468"/>
        <source>All events</source>
        <translation>全部事件</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="496"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="530"/>
        <source>Open a node data folder</source>
        <translation>打开节点数据文件夹</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="548"/>
        <source>Could not open {0}: {1}</source>
        <translation>无法打开 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="596"/>
        <source>Search a height, a block or transaction id, or an address</source>
        <translation>搜索高度、区块或交易编号，或地址</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="603"/>
        <source>{0} · indexed to block {1} of {2}</source>
        <translation>{0} · 已索引至区块 {1}（共 {2}）</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="607"/>
        <source>{0} · indexed to block {1}</source>
        <translation>{0} · 已索引至区块 {1}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="632"/>
        <source>Indexing the latest records…</source>
        <translation>正在索引最新记录…</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="634"/>
        <source>, about {0} left</source>
        <translation>，约剩 {0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="635"/>
        <source>Indexing block {0} of {1} (transactions a second: {2}{3})</source>
        <translation>正在索引区块 {0}／{1}（每秒交易：{2} 笔{3}）</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="650"/>
        <source>The index could not be updated: {0}</source>
        <translation>无法更新索引：{0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="834"/>
        <source>Without an index, type the whole 64-character id (or open a node data folder to search by its first characters).</source>
        <translation>没有索引时，请输入完整的 64 位编号（或打开节点数据文件夹，按开头字符搜索）。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="839"/>
        <source>Without an index, search a height, a 64-character transaction or block id, or an address (depot1…); order and tank ids and kinds need a node data folder.</source>
        <translation>没有索引时，可搜索高度、64 位交易或区块编号，或地址（depot1…）；订单号、储罐编号和类型需要节点数据文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="869"/>
        <source>The search failed: {0}</source>
        <translation>搜索失败：{0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="719"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="738"/>
        <source>Block {0} is not in the index yet (it goes up to block {1}).</source>
        <translation>区块 {0} 尚未进入索引（索引至区块 {1}）。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="743"/>
        <source>No block or transaction id starts with “{0}”.</source>
        <translation>没有以“{0}”开头的区块或交易 ID。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="745"/>
        <source>Nothing found for “{0}”.</source>
        <translation>未找到“{0}”。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="755"/>
        <source>Matches: {0}; double-click one to open it.</source>
        <translation>结果：{0} 个；双击打开其中之一。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="770"/>
        <source>Block {0} · {1} · transactions: {2}</source>
        <translation>区块 {0} · {1} · 交易：{2} 笔</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="775"/>
        <source>Transaction {0} · {1} · block {2}</source>
        <translation>交易 {0} · {1} · 区块 {2}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="777"/>
        <source>Account {0} · transactions: {1}</source>
        <translation>账户 {0} · 交易：{1} 笔</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="781"/>
        <source>{0} {1}</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="782"/>
        <source>{0} {1} (names it as {2})</source>
        <translation>{0} {1}（以 {2} 提及）</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="784"/>
        <source>Transactions and events naming {0}</source>
        <translation>提及 {0} 的交易和事件</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="786"/>
        <source>Transactions of kind {0} ({1})</source>
        <translation>类型为 {0} 的交易（{1}）</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="788"/>
        <source>Events of kind {0}</source>
        <translation>类型为 {0} 的事件</translation>
    </message>
</context>
<context>
    <name>ExplorerRemote</name>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="104"/>
        <source>Height</source>
        <extracomment>Block summaries asked for at a time (the node&apos;s API gives at most 100).</extracomment>
        <translation>高度</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="105"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="106"/>
        <source>Txs</source>
        <translation>交易数</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="107"/>
        <source>Proposer</source>
        <translation>提议者</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="108"/>
        <source>Block id</source>
        <translation>区块编号</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_block_txs.py" line="87"/>
        <source>Position</source>
        <extracomment>Progress is reported at most this often (seconds): a block of 10,000 transactions must not flood the GUI.</extracomment>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_block_txs.py" line="88"/>
        <source>Transaction id</source>
        <translation>交易 ID</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_block_txs.py" line="89"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_block_txs.py" line="90"/>
        <source>Sender</source>
        <translation>发送方</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_block_txs.py" line="91"/>
        <source>Result (node&apos;s word)</source>
        <translation>结果（节点所报）</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_block_txs.py" line="92"/>
        <location filename="../../app/models/explorer_remote.py" line="109"/>
        <source>Verified</source>
        <translation>验证</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="116"/>
        <source>verified against block {0}</source>
        <translation>已对照区块 {0} 验证</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="118"/>
        <source>verifying…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="120"/>
        <source>verification failed</source>
        <translation>验证失败</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="121"/>
        <source>unverified: from the node&apos;s API</source>
        <translation>未验证：来自节点 API</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="489"/>
        <source>The node cannot be reached; check the network and try again.</source>
        <translation>无法连接节点；请检查网络后重试。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="491"/>
        <source>This network has no pinned genesis hash, so nothing can be verified.</source>
        <translation>此网络没有固定的创世哈希，因此无法验证任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="493"/>
        <source>The node knows no committed transaction with this id.</source>
        <translation>节点上没有此编号的已提交交易。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="495"/>
        <source>The node knows no transaction or block with this id.</source>
        <translation>节点上没有此编号的交易或区块。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_remote.py" line="498"/>
        <source>There is no block {0}: the chain goes from block 1 to block {1}.</source>
        <translation>没有区块 {0}：链的范围是区块 1 到区块 {1}。</translation>
    </message>
</context>
<context>
    <name>ExplorerTables</name>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="384"/>
        <source>This address has a wrong checksum: a character is mistyped.</source>
        <extracomment>Rows asked for per page. Rows a table keeps at most (about 1.3 KB each with their display text); past it, the page asks the person to narrow the listing with the filters or go to a height, so memory stays bounded.</extracomment>
        <translation>此地址的校验和不正确：有字符输错了。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="385"/>
        <source>This is not a valid address: {0}</source>
        <translation>这不是有效的地址：{0}</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="387"/>
        <source>Type at least 8 characters of an id.</source>
        <translation>请至少输入 ID 的 8 个字符。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="388"/>
        <source>Several ids start like this; type more characters.</source>
        <translation>有多个 ID 以此开头；请输入更多字符。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="389"/>
        <source>Nothing with this id is in the index.</source>
        <translation>索引中没有此 ID。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="390"/>
        <source>This cannot be searched for: {0}</source>
        <translation>无法搜索此内容：{0}</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="391"/>
        <source>The index does not match this node&apos;s data (another chain or history); rebuild it.</source>
        <translation>索引与此节点的数据不符（另一条链或另一段历史）；请重建索引。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="394"/>
        <source>This folder holds no node data.</source>
        <translation>此文件夹中没有节点数据。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="395"/>
        <source>This node data was written by a newer Depot; update Depot to read it.</source>
        <translation>此节点数据由更新版本的 Depot 写入；请更新 Depot 后再读取。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="398"/>
        <source>The index was written by a newer Depot; rebuild it or update Depot.</source>
        <translation>此索引由更新版本的 Depot 写入；请重建索引或更新 Depot。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="401"/>
        <source>No node data folder is open.</source>
        <translation>未打开节点数据文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="402"/>
        <source>The explorer cannot read this data: {0}</source>
        <translation>区块浏览器无法读取此数据：{0}</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="432"/>
        <source>to {0}</source>
        <translation>付给 {0}</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="437"/>
        <location filename="../../app/models/explorer_tables.py" line="447"/>
        <source>not decoded ({0})</source>
        <translation>未解码（{0}）</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="442"/>
        <source>OK</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="442"/>
        <source>Failed: {0}</source>
        <translation>失败：{0}</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="464"/>
        <source>(unknown type)</source>
        <translation>（未知类型）</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="485"/>
        <source>Height</source>
        <translation>高度</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="486"/>
        <location filename="../../app/models/explorer_tables.py" line="527"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="487"/>
        <location filename="../../app/models/explorer_tables.py" line="561"/>
        <source>Transactions</source>
        <translation>交易</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="488"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="490"/>
        <source>Signed</source>
        <translation>已签名</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="492"/>
        <source>Validators that signed this block&apos;s commit: {0} of {1}</source>
        <translation>签署此区块提交的共识节点：{1} 个中的 {0} 个</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="495"/>
        <source>Proposer</source>
        <translation>提议者</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="496"/>
        <source>Block ID</source>
        <translation>区块 ID</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="522"/>
        <location filename="../../app/models/explorer_tables.py" line="606"/>
        <source>Block</source>
        <translation>区块</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="524"/>
        <source>Block {0}, transaction {1}</source>
        <translation>区块 {0}，第 {1} 笔交易</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="528"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="529"/>
        <source>Sender</source>
        <translation>发送方</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="530"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="531"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="532"/>
        <source>Transaction ID</source>
        <translation>交易 ID</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="560"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="562"/>
        <source>Sent</source>
        <translation>发出</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="563"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="564"/>
        <source>First block</source>
        <translation>首个区块</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="565"/>
        <source>Last block</source>
        <translation>最后区块</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="584"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="585"/>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="586"/>
        <source>Changed at</source>
        <translation>变更于</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="587"/>
        <source>Contents</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="607"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../app/models/explorer_tables.py" line="609"/>
        <source>Attributes</source>
        <translation>属性</translation>
    </message>
</context>
<context>
    <name>ForkAlertBanner</name>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="73"/>
        <source>What happened?</source>
        <translation>发生了什么？</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="87"/>
        <source>Security alert: two nodes served different signed blocks at height {0}. Syncing has stopped; do not rely on balances or records until this is resolved.</source>
        <translation>安全警报：两个节点在高度 {0} 提供了不同的已签名区块。同步已停止；在问题解决之前，请勿依赖余额或记录。</translation>
    </message>
</context>
<context>
    <name>ForkAlertDialog</name>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="108"/>
        <source>Security alert: fork detected</source>
        <translation>安全警报：检测到分叉</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="110"/>
        <source>Two nodes served different blocks for the same height</source>
        <translation>两个节点在同一高度提供了不同的区块</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="120"/>
        <source>Both blocks carry the signatures of validators this computer trusts. On this chain a block is final once signed, so this can only happen if validators signed twice or someone is attacking this computer&apos;s connection. The light client has stopped syncing and will not accept new blocks until you acknowledge this alert.

What to do: do not approve payments or releases that depend on recent data. Send the details below to your consortium operator. Acknowledge only after they have explained it.</source>
        <translation>两个区块都带有这台电脑所信任的共识节点的签名。在这条链上，区块一经签名即为最终确定，因此只有在共识节点重复签名，或有人攻击这台电脑的网络连接时才会出现这种情况。轻节点已停止同步，在您确认此警报之前不会接受新区块。

应对方法：不要批准依赖近期数据的付款或放货。将以下详细信息发送给联盟链运营方。只有在他们作出解释后再确认。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="145"/>
        <source>Height:</source>
        <translation>高度：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="146"/>
        <source>Last height both agree on:</source>
        <translation>双方一致的最后高度：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="147"/>
        <source>Node this computer syncs from:</source>
        <translation>本机同步所用的节点：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="148"/>
        <location filename="../../app/widgets/fork_alert.py" line="150"/>
        <source>Its block:</source>
        <translation>其区块：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="149"/>
        <source>Node that disagrees:</source>
        <translation>不一致的节点：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="151"/>
        <source>Detected:</source>
        <translation>检测时间：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="152"/>
        <source>Evidence number:</source>
        <translation>证据编号：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="154"/>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="156"/>
        <source>Acknowledge…</source>
        <translation>确认…</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="184"/>
        <source>Acknowledge the fork alert?</source>
        <translation>确认此分叉警报？</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="186"/>
        <source>The light client will sync again from the last height both nodes agree on. Acknowledge only after your consortium operator has explained the conflict.</source>
        <translation>轻节点将从两个节点一致的最后高度重新开始同步。请在联盟链运营方解释冲突之后再确认。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/fork_alert.py" line="192"/>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
</context>
<context>
    <name>LightModeView</name>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="910"/>
        <source>Light mode: no chain data on this computer</source>
        <translation>轻量模式：本机没有链数据</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="917"/>
        <source>This computer runs a light node, which keeps only the block headers and proofs it needs. Blocks and searches below come from the node&apos;s API and are checked by the light client. For every transaction, account, record and event, open a node&apos;s data folder (for example an auditor&apos;s copy of the chain).</source>
        <translation>本机运行的是轻节点，只保存所需的区块头和证明。下面的区块和搜索结果来自节点 API，并由轻客户端验证。如需查看全部交易、账户、记录和事件，请打开节点的数据文件夹（例如审计方的链副本）。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="928"/>
        <source>Open data folder…</source>
        <translation>打开数据文件夹…</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="959"/>
        <source>Blocks</source>
        <translation>区块</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1008"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1012"/>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1030"/>
        <source>Transactions</source>
        <translation>交易</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1031"/>
        <source>Header</source>
        <translation>区块头</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1109"/>
        <source>Loading blocks from the node…</source>
        <translation>正在从节点加载区块…</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1111"/>
        <source>No blocks to show.</source>
        <translation>没有可显示的区块。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1113"/>
        <source>Blocks loaded from the node&apos;s API: {0}; more load as you scroll. Rows on screen are verified by the light client.</source>
        <translation>已从节点 API 加载的区块：{0} 个；滚动时加载更多。屏幕上的行由轻客户端验证。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1115"/>
        <source>Blocks: {0}. Rows on screen are verified by the light client.</source>
        <translation>区块：{0} 个。屏幕上的行由轻客户端验证。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1153"/>
        <location filename="../../app/pages/explorer_page.py" line="1235"/>
        <source>The node&apos;s answer did not match its proof, so nothing of it is shown.</source>
        <translation>节点的回答与其证明不符，因此不显示其中任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1155"/>
        <location filename="../../app/pages/explorer_page.py" line="1237"/>
        <source>verification failed</source>
        <translation>验证失败</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1193"/>
        <location filename="../../app/pages/explorer_page.py" line="1233"/>
        <source>Transaction {0} in block {1}</source>
        <translation>区块 {1} 中的交易 {0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1194"/>
        <source>The result is as the node reports it: block headers do not commit to outcomes.</source>
        <translation>执行结果以节点报告为准：区块头不承诺执行结果。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1205"/>
        <source>Block {0}</source>
        <translation>区块 {0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1224"/>
        <source>The transaction at position {0} is not verified yet, so nothing of it is shown.</source>
        <translation>位置 {0} 的交易尚未验证，因此不显示其任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1295"/>
        <source>Transactions that failed verification: {0} of {1}; they are marked in red and nothing of them is shown. Double-click one to see why.</source>
        <translation>验证失败的交易：{1} 笔中的 {0} 笔；它们以红色标记，不显示其任何内容。双击查看原因。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1227"/>
        <source>← Block {0}</source>
        <translation>← 区块 {0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1249"/>
        <source>Transactions ({0})</source>
        <translation>交易（{0}）</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1279"/>
        <source>Asking the node for the transactions of block {0}…</source>
        <translation>正在向节点获取区块 {0} 的交易…</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1281"/>
        <source>Checking transaction {0} of {1} against the verified header of block {2}…</source>
        <translation>正在对照区块 {2} 已验证的区块头检查第 {0} 笔交易（共 {1} 笔）…</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1286"/>
        <source>Block {0} has no transactions: proven, the empty list gives its transactions root.</source>
        <translation>区块 {0} 没有交易：已证明，空列表即得出其交易根。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1289"/>
        <source>Transactions proven to be in block {1}: {0} of {0}. The list is complete: it gives the block&apos;s transactions root. Double-click one for its detail.</source>
        <translation>已证明在区块 {1} 中的交易：全部 {0} 笔。列表完整：它得出该区块的交易根。双击一笔交易查看详情。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1302"/>
        <source>Stopped. Transactions checked: {0} of {1}; the others are unverified.</source>
        <translation>已停止。已检查的交易：{1} 笔中的 {0} 笔；其余未验证。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1306"/>
        <source>The transactions could not be checked: {0}</source>
        <translation>无法检查交易：{0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1179"/>
        <location filename="../../app/pages/explorer_page.py" line="1182"/>
        <source>Account {0}</source>
        <translation>账户 {0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="1183"/>
        <source>There is no such account: its absence is proven against block {0}.</source>
        <translation>没有此账户：其不存在已对照区块 {0} 证明。</translation>
    </message>
</context>
<context>
    <name>ListingTab</name>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="95"/>
        <source>New rows arrived: show the newest</source>
        <extracomment>How often, at most, the tables take new rows while the index grows.</extracomment>
        <translation>有新数据：显示最新</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="152"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="154"/>
        <source>Showing the first {0} rows. Narrow the listing with the filters, or go to a height.</source>
        <translation>仅显示前 {0} 行。请用筛选条件缩小范围，或跳转到某个高度。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="156"/>
        <source>Nothing to show.</source>
        <translation>没有可显示的内容。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="158"/>
        <source>Rows loaded: {0}; more load as you scroll.</source>
        <translation>已加载：{0} 行；滚动时继续加载。</translation>
    </message>
    <message>
        <location filename="../../app/pages/explorer_page.py" line="160"/>
        <source>Rows: {0}.</source>
        <translation>共 {0} 行。</translation>
    </message>
</context>
<context>
    <name>NodePage</name>
    <message>
        <location filename="../../app/pages/node_page.py" line="91"/>
        <source>Node</source>
        <extracomment>How often peers are asked for their status while the page is shown, and while it is hidden. Least time between two light syncs driven by new blocks. Participation is counted over this many recent blocks.</extracomment>
        <translation>节点</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="136"/>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="138"/>
        <source>Mode:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="139"/>
        <source>Reads from:</source>
        <translation>数据来源：</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="140"/>
        <source>Chain:</source>
        <translation>链：</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="141"/>
        <source>Newest block:</source>
        <translation>最新区块：</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="145"/>
        <source>Not checked yet</source>
        <translation>尚未检查</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="148"/>
        <source>Check now</source>
        <translation>立即检查</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="151"/>
        <source>Light client</source>
        <translation>轻节点</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="161"/>
        <source>Download every block from the network&apos;s nodes and re-execute it here, checking every state root and signature.</source>
        <translation>从网络中的节点下载每个区块并在本机重新执行，检查每个状态根和签名。</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="170"/>
        <location filename="../../app/pages/node_page.py" line="669"/>
        <location filename="../../app/pages/node_page.py" line="687"/>
        <source>Start full sync</source>
        <translation>开始完整同步</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="173"/>
        <source>Explore it</source>
        <translation>浏览数据</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="174"/>
        <source>Open this full node&apos;s data in the Explorer</source>
        <translation>在区块浏览器中打开此全节点的数据</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="177"/>
        <source>Full node</source>
        <translation>全节点</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="199"/>
        <source>each node about itself</source>
        <translation>各节点关于自身的报告</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="200"/>
        <source>Nodes of the network</source>
        <translation>网络中的节点</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="213"/>
        <source>Validators</source>
        <translation>共识节点</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="277"/>
        <source>Full node: re-executes every block and keeps the whole chain.</source>
        <translation>全节点：重新执行每个区块并保存整条链。</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="280"/>
        <source>Light node: verifies block headers and proofs; keeps only what this computer needs.</source>
        <translation>轻节点：验证区块头和证明；只保存本机需要的数据。</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="324"/>
        <source>The node reports block {0} (not verified yet).</source>
        <translation>节点报告的最新区块为 {0}（尚未验证）。</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="421"/>
        <source>No root of trust is configured for this network, so nothing is verified: {0}</source>
        <translation>此网络未配置信任根，因此没有任何内容经过验证：{0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="453"/>
        <source>other nodes that agreed: {0}</source>
        <translation>一致的其他节点：{0} 个</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="455"/>
        <source>no other node to cross-check</source>
        <translation>没有其他节点可交叉核对</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="458"/>
        <source>; nodes that served a bad header: {0}</source>
        <translation>；提供错误区块头的节点：{0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="463"/>
        <source>Headers verified up to block {0} ({1}){2}. Checked {3}.</source>
        <translation>区块头已验证至区块 {0}（{1}）{2}。检查时间 {3}。</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="473"/>
        <source>The light client could not verify the newest blocks: {0}</source>
        <translation>轻节点无法验证最新区块：{0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="477"/>
        <source>no node of the network answered, or none confirmed the header</source>
        <translation>网络中没有节点应答，或没有节点确认该区块头</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="478"/>
        <source>the node follows another chain</source>
        <translation>该节点属于另一条链</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="479"/>
        <source>the node&apos;s genesis is not the one pinned for this network</source>
        <translation>该节点的创世区块不是此网络固定的那个</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="480"/>
        <source>the network&apos;s root of trust is not configured</source>
        <translation>未配置网络的信任根</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="481"/>
        <source>a header is dated in the future: check this computer&apos;s clock</source>
        <translation>某个区块头的时间在未来：请检查本机时钟</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="482"/>
        <source>a header lacks the signatures of two thirds of the validators</source>
        <translation>某个区块头缺少三分之二共识节点的签名</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="483"/>
        <source>a header carries an invalid signature</source>
        <translation>某个区块头带有无效签名</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="492"/>
        <source>fork detected: syncing stopped</source>
        <translation>检测到分叉：同步已停止</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="314"/>
        <location filename="../../app/pages/node_page.py" line="493"/>
        <location filename="../../app/pages/node_page.py" line="494"/>
        <location filename="../../app/pages/node_page.py" line="570"/>
        <source>fork detected</source>
        <translation>检测到分叉</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="606"/>
        <source>Participation needs a node&apos;s data on this computer (see the Explorer page).</source>
        <translation>参与情况需要本机上的节点数据（见“区块浏览器”页面）。</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="621"/>
        <source>from local full node</source>
        <translation>来自本地全节点</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="621"/>
        <source>from a copied data folder</source>
        <translation>来自复制的数据文件夹</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="623"/>
        <source>Signed and proposed: counted over blocks {0} to {1}, {2}.</source>
        <translation>签名与提议：按区块 {0} 至 {1} 统计，{2}。</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="632"/>
        <source>Stopping after the block being executed…</source>
        <translation>将在当前区块执行完后停止…</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="642"/>
        <source>Cannot prepare the data folder: {0}</source>
        <translation>无法准备数据文件夹：{0}</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="652"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="655"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="662"/>
        <source>Block {0} of {1}: blocks a second: {2}; transactions a second: {3}</source>
        <translation>区块 {0}／{1}：每秒区块：{2} 个；每秒交易：{3} 笔</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="675"/>
        <source>Stopped at block {0}; starting again continues from there.</source>
        <translation>已停在区块 {0}；再次开始将从那里继续。</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="678"/>
        <source>Synced to block {0} in {2} s. Transactions re-executed and checked: {1}.</source>
        <translation>已在 {2} 秒内同步至区块 {0}。重新执行并检查的交易：{1} 笔。</translation>
    </message>
    <message>
        <location filename="../../app/pages/node_page.py" line="689"/>
        <source>The full sync stopped: {0}</source>
        <translation>完整同步已停止：{0}</translation>
    </message>
</context>
<context>
    <name>SyncOverlay</name>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="95"/>
        <source>{0} s</source>
        <extracomment>Samples kept for the rate (Bitcoin Core keeps 500). The rate is measured over at most this long a window.</extracomment>
        <translation>{0} 秒</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="97"/>
        <source>{0} min</source>
        <translation>{0} 分钟</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="99"/>
        <source>{0} h {1} min</source>
        <translation>{0} 小时 {1} 分钟</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="100"/>
        <source>{0} days</source>
        <translation>{0} 天</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="125"/>
        <source>Synchronising with the network</source>
        <translation>正在与网络同步</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="132"/>
        <source>This computer does not have the newest blocks yet. Balances, orders and records shown may be out of date until synchronisation finishes.</source>
        <translation>这台电脑还没有最新的区块。在同步完成之前，显示的余额、订单和记录可能已过时。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="152"/>
        <source>Blocks left:</source>
        <translation>剩余区块：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="153"/>
        <source>Last block time:</source>
        <translation>最后区块时间：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="154"/>
        <source>Progress:</source>
        <translation>进度：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="155"/>
        <source>Progress increase per hour:</source>
        <translation>每小时进度增加：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="156"/>
        <source>Estimated time left until synced:</source>
        <translation>预计剩余同步时间：</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="157"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="160"/>
        <source>Stop sync</source>
        <translation>停止同步</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="227"/>
        <source>{0} (at block {1} of {2})</source>
        <translation>{0}（当前区块 {1}／{2}）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="238"/>
        <location filename="../../app/widgets/sync_overlay.py" line="244"/>
        <source>calculating…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="242"/>
        <source>synced</source>
        <translation>已同步</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="248"/>
        <source>Re-executing every block (full sync).</source>
        <translation>正在重新执行每个区块（完整同步）。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/sync_overlay.py" line="250"/>
        <source>Measured against the newest block the network&apos;s nodes report.</source>
        <translation>以网络中各节点报告的最新区块为基准。</translation>
    </message>
</context>
<context>
    <name>TimeRangeFilter</name>
    <message>
        <location filename="../../app/widgets/time_range_filter.py" line="21"/>
        <source>Between</source>
        <translation>介于</translation>
    </message>
    <message>
        <location filename="../../app/widgets/time_range_filter.py" line="31"/>
        <source>and</source>
        <translation>和</translation>
    </message>
    <message>
        <location filename="../../app/widgets/time_range_filter.py" line="51"/>
        <source>The end must be after the start.</source>
        <translation>结束时间必须晚于开始时间。</translation>
    </message>
</context>
<context>
    <name>VerifiedMark</name>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="84"/>
        <source>Verified against block {0}</source>
        <translation>已对照区块 {0} 验证</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="87"/>
        <source>From local full node, re-executed</source>
        <translation>来自本地全节点，已重新执行</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="88"/>
        <source>From local full node, re-executed (up to block {0})</source>
        <translation>来自本地全节点，已重新执行（至区块 {0}）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="90"/>
        <source>From a copied data folder, not re-verified here (up to block {0})</source>
        <translation>来自复制的数据文件夹，未在本机重新验证（至区块 {0}）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="92"/>
        <source>Unverified: from the node&apos;s API without proof</source>
        <translation>未验证：来自节点 API，无证明</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="94"/>
        <source>Verifying with the light client…</source>
        <translation>正在用轻节点验证…</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="96"/>
        <source>Not verified: {0}</source>
        <translation>未通过验证：{0}</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="96"/>
        <source>the proof did not hold</source>
        <translation>证明不成立</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="102"/>
        <source>Proven on this computer by the light client: the value&apos;s proof leads to the state root of block {0}, whose header more than two thirds of the validators signed.</source>
        <translation>已由本机的轻节点证明：该值的证明可推导出区块 {0} 的状态根，而该区块头由超过三分之二的共识节点签署。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="107"/>
        <source>Read from the data of a full node on this computer ({0}), which executed every block itself and checked every block&apos;s signatures.</source>
        <translation>读取自本机全节点的数据（{0}），该节点自行执行了每个区块并检查了每个区块的签名。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="112"/>
        <source>Read from the node data folder {0}. Its blocks were executed on another computer; verify the folder before relying on these values.</source>
        <translation>读取自节点数据文件夹 {0}。其中的区块是在另一台电脑上执行的；在依赖这些数据之前请先验证该文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="117"/>
        <source>Sent by {0} without a proof. A node that lies could send anything here.</source>
        <translation>由 {0} 发送，没有证明。说谎的节点可以在这里发送任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/verified_mark.py" line="118"/>
        <source>the node</source>
        <translation>该节点</translation>
    </message>
</context>
</TS>
