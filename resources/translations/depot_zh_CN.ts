<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddKeyDialog</name>
    <message>
        <location filename="../../app/dialogs/add_key_dialog.py" line="+68"/>
        <source>New key</source>
        <translation>新密钥</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A new key for a new account: sealed in a key file on this computer with a password of your choice, or made on a security token, where it never leaves the token.</source>
        <translation>为新账户生成新密钥：用您设定的密码封存在本机的密钥文件中，或在安全令牌上生成，密钥永不离开令牌。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import a key</source>
        <translation>导入密钥</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An existing key: a Depot key file (it is opened with its password before it is copied into the wallet), or a key already on a security token.</source>
        <translation>已有的密钥：Depot 密钥文件（先用其密码打开验证，再复制到钱包），或安全令牌上已有的密钥。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>An encrypted key file on this computer</source>
        <translation>本机上的加密密钥文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A new key on a security token (PKCS#11)</source>
        <translation>在安全令牌上生成新密钥（PKCS#11）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A Depot key file</source>
        <translation>Depot 密钥文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A key on a security token (PKCS#11)</source>
        <translation>安全令牌上的密钥（PKCS#11）</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The wallet folder cannot be written: {0}</source>
        <translation>无法写入钱包文件夹：{0}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sealing the new key with your password…</source>
        <translation>正在用您的密码封存新密钥…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opening the key file with its password…</source>
        <translation>正在用密码打开密钥文件…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asking the security token…</source>
        <translation>正在访问安全令牌…</translation>
    </message>
</context>
<context>
    <name>AppServices</name>
    <message>
        <location filename="../../app/services.py" line="+502"/>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
</context>
<context>
    <name>ApprovalsModel</name>
    <message>
        <location filename="../../app/models/approvals_model.py" line="+89"/>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation account</source>
        <translation>机构账户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approvals</source>
        <translation>审批</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deadline</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>{0} of {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(you approved)</source>
        <translation>（您已批准）</translation>
    </message>
</context>
<context>
    <name>ApprovalsTab</name>
    <message>
        <location filename="../../app/wallet_tabs/approvals_tab.py" line="+55"/>
        <source>Approve…</source>
        <translation>批准…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Transactions proposed for an organisation account you sign for. Each runs once enough signers approved it.</source>
        <translation>为您有签名权的机构账户提议的交易。获得足够签名人批准后即执行。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>{0} request(s) waiting for your approval.</source>
        <translation>{0} 个请求等待您批准。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing is waiting for your approval.</source>
        <translation>没有等待您批准的请求。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Request #{0}: {1}</source>
        <translation>请求 #{0}：{1}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>  (this wallet cannot decode the proposed transaction)</source>
        <translation>  （本钱包无法解析所提议的交易）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note: {0}</source>
        <translation>备注：{0}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Approved request #{0} in block {1}.</source>
        <translation>已在区块 {1} 批准请求 #{0}。</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <location filename="../../app/dialogs/backup_dialog.py" line="+66"/>
        <source>Back up the wallet</source>
        <translation>备份钱包</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>One file with every key of this wallet and the address book, sealed with a passphrase. Key files stay encrypted with their own passwords inside it; keys on a security token never leave the token, the backup only records where to find them. Keep the file and its passphrase apart.</source>
        <translation>将本钱包的全部密钥和通讯录存入一个用口令加密的文件。其中的密钥文件仍由各自的密码加密；安全令牌上的密钥永不离开令牌，备份只记录在哪里找到它们。请将文件与口令分开保管。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Keys in this wallet: {0} ({1} on security tokens). Contacts: {2}.</source>
        <translation>本钱包的密钥：{0} 个（其中 {1} 个在安全令牌上）。联系人：{2} 个。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>where to save the backup file</source>
        <translation>备份文件的保存位置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>At least {0} characters; it cannot be recovered if forgotten.</source>
        <translation>至少 {0} 个字符；忘记后无法找回。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Backup file:</source>
        <translation>备份文件：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passphrase:</source>
        <translation>口令：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repeat:</source>
        <translation>再次输入：</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Back up</source>
        <translation>备份</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Save the backup</source>
        <translation>保存备份</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Depot backups (*.json)</source>
        <translation>Depot 备份 (*.json)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Choose where to save the backup.</source>
        <translation>请选择备份的保存位置。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This is a folder; give the backup a file name.</source>
        <translation>这是一个文件夹；请为备份指定文件名。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+37"/>
        <source>A file already exists here; choose another name.</source>
        <translation>此处已有文件；请换一个文件名。</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>There is no folder at this path.</source>
        <translation>此路径下没有该文件夹。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose a passphrase for the backup.</source>
        <translation>请为备份设置口令。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>At least {0} characters.</source>
        <translation>至少 {0} 个字符。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>The backup cannot be written here: {0}</source>
        <translation>无法在此处写入备份：{0}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Sealing the backup (this takes a few seconds on purpose, to resist guessing)…</source>
        <translation>正在加密备份（为抵御猜测，需要几秒钟）…</translation>
    </message>
</context>
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
    <name>ContactsModel</name>
    <message>
        <location filename="../../app/models/contacts_model.py" line="+53"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Organisation</source>
        <translation>机构</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Times paid</source>
        <translation>付款次数</translation>
    </message>
</context>
<context>
    <name>ContactsTab</name>
    <message>
        <location filename="../../app/wallet_tabs/contacts_tab.py" line="+56"/>
        <source>Pay…</source>
        <translation>付款…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Add a contact</source>
        <translation>添加联系人</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>depot1…</source>
        <translation>depot1…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>e.g. Acme Fuels — receivables</source>
        <translation>例如：Acme 燃料 — 应收账款</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Organisation:</source>
        <translation>机构：</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>There is no wallet in this session.</source>
        <translation>本次会话没有钱包。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Give the contact a name.</source>
        <translation>请为联系人填写名称。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>At most {0} characters.</source>
        <translation>最多 {0} 个字符。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Added {0}.</source>
        <translation>已添加 {0}。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Removed {0}.</source>
        <translation>已删除 {0}。</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../app/dialogs/first_run_dialog.py" line="+68"/>
        <source>Welcome to Depot</source>
        <translation>欢迎使用 Depot</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+158"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location line="-154"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Try the demo network</source>
        <translation>试用演示网络</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Four validators on this computer with sample companies, tanks that drain and orders that settle by themselves. Nothing leaves this computer.</source>
        <translation>在本机运行四个验证节点，包含示例企业、不断消耗的储罐和自动结算的订单。任何数据都不会离开本机。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Join a consortium with its network file</source>
        <translation>使用网络文件加入联盟链</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>network.json from your consortium&apos;s operator</source>
        <translation>联盟运营方提供的 network.json</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The file names the chain, pins its genesis hash (the root of trust) and lists the nodes to ask.</source>
        <translation>该文件指明链、固定其创世哈希（信任根），并列出可连接的节点。</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Light node (recommended)</source>
        <translation>轻节点（推荐）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Checks every block header and proof against the validators&apos; signatures and keeps only what you need. Small and fast.</source>
        <translation>根据验证节点的签名校验每个区块头和证明，只保存您需要的数据。占用小、速度快。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Full node</source>
        <translation>全节点</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Keeps a full copy of the chain and re-executes every transaction: for auditors and anyone who must verify everything, also offline. Needs more disk space.</source>
        <translation>保存完整的链副本并重新执行每笔交易：适合审计人员及需要（包括离线）全面核验的用户。需要更多磁盘空间。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Which network?</source>
        <translation>选择哪个网络？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your signing key</source>
        <translation>您的签名密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How much of the chain to keep?</source>
        <translation>保存多少链数据？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Step {0} of {1}: {2}</source>
        <translation>第 {0} 步，共 {1} 步：{2}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Choose the network file.</source>
        <translation>请选择网络文件。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Chain {0}, genesis {1}…, {2} peer(s): {3}</source>
        <translation>链 {0}，创世 {1}…，{2} 个节点：{3}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Setting up…</source>
        <translation>正在设置…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The wallet folder cannot be written: {0}</source>
        <translation>无法写入钱包文件夹：{0}</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The consortium&apos;s network file</source>
        <translation>联盟的网络文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Network files (*.json)</source>
        <translation>网络文件 (*.json)</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../app/models/history_model.py" line="+206"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Counterparty</source>
        <translation>交易对方</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transaction</source>
        <translation>交易</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Payment</source>
        <translation>付款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Issued by the bank</source>
        <translation>银行发行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redeemed</source>
        <translation>已兑付</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order settlement</source>
        <translation>订单结算</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Received</source>
        <translation>收入</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sent</source>
        <translation>支出</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>block {0}</source>
        <translation>区块 {0}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Block {0}</source>
        <translation>区块 {0}</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <location filename="../../app/wallet_tabs/history_tab.py" line="+95"/>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Payments</source>
        <translation>付款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order settlements</source>
        <translation>订单结算</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Issued by the bank</source>
        <translation>银行发行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redeemed</source>
        <translation>已兑付</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>In and out</source>
        <translation>收入和支出</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Received</source>
        <translation>收入</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sent</source>
        <translation>支出</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Dates:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Loading the history…</source>
        <translation>正在加载历史记录…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No payments yet.</source>
        <translation>暂无付款记录。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Payments: {0}.</source>
        <translation>共 {0} 笔。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Payments matching the filters: {0} of {1}.</source>
        <translation>{1} 笔中有 {0} 笔符合筛选条件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Read from this computer&apos;s explorer index up to block {0}; newer blocks could not be asked for: {1}</source>
        <translation>读取自本机的浏览器索引（截至区块 {0}）；无法获取更新的区块：{1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Read from this computer&apos;s explorer index.</source>
        <translation>读取自本机的浏览器索引。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The end date is before the start date.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Export the history</source>
        <translation>导出历史记录</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Could not write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rows exported to {1}: {0}.</source>
        <translation>已导出到 {1}：{0} 行。</translation>
    </message>
</context>
<context>
    <name>KeySourceForm</name>
    <message>
        <location filename="../../app/widgets/key_source_form.py" line="+178"/>
        <source>Create a new key (an encrypted key file on this computer)</source>
        <translation>创建新密钥（本机上的加密密钥文件）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import a key file</source>
        <translation>导入密钥文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use a security token (PKCS#11)</source>
        <translation>使用安全令牌（PKCS#11）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Later (browse only)</source>
        <translation>稍后（仅浏览）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Repeat:</source>
        <translation>再次输入：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the password the key file was sealed with</source>
        <translation>封存该密钥文件时使用的密码</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Key file:</source>
        <translation>密钥文件：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Its password:</source>
        <translation>文件密码：</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>the id of the key on the token</source>
        <translation>令牌上该密钥的 ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>empty: make a new key on the token</source>
        <translation>留空：在令牌上生成新密钥</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>List keys on the token</source>
        <translation>列出令牌上的密钥</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Log in to the token with its PIN and choose one of the keys on it.</source>
        <translation>用 PIN 登录令牌，并从令牌上的密钥中选择一个。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>PKCS#11 module:</source>
        <translation>PKCS#11 模块：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Token label:</source>
        <translation>令牌标签：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Token PIN:</source>
        <translation>令牌 PIN：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Key id (hex):</source>
        <translation>密钥 ID（十六进制）：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Key name:</source>
        <translation>密钥名称：</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Name the key.</source>
        <translation>请为密钥命名。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Use 1–64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</source>
        <translation>请使用 1–64 个字母、数字、“.”、“_”或“-”，并以字母或数字开头。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+81"/>
        <location line="+4"/>
        <source>The wallet already has a key with this name.</source>
        <translation>钱包中已有同名密钥。</translation>
    </message>
    <message>
        <location line="-81"/>
        <source>At least {0} characters.</source>
        <translation>至少 {0} 个字符。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose the key file.</source>
        <translation>请选择密钥文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+10"/>
        <location line="+129"/>
        <source>There is no file at this path.</source>
        <translation>此路径下没有文件。</translation>
    </message>
    <message>
        <location line="-136"/>
        <source>Enter the key file&apos;s password.</source>
        <translation>请输入密钥文件的密码。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+129"/>
        <source>Give the path of the PKCS#11 module.</source>
        <translation>请填写 PKCS#11 模块的路径。</translation>
    </message>
    <message>
        <location line="-125"/>
        <location line="+129"/>
        <source>Give the token&apos;s label.</source>
        <translation>请填写令牌标签。</translation>
    </message>
    <message>
        <location line="-127"/>
        <location line="+129"/>
        <source>Enter the token&apos;s PIN.</source>
        <translation>请输入令牌 PIN。</translation>
    </message>
    <message>
        <location line="-125"/>
        <source>The key id is an even number of hexadecimal characters.</source>
        <translation>密钥 ID 应为偶数个十六进制字符。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Give the id of the key on the token.</source>
        <translation>请填写令牌上该密钥的 ID。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>This key is in the wallet already, as “{0}”.</source>
        <translation>钱包中已有此密钥，名称为“{0}”。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This key is in the wallet already (under another name).</source>
        <translation>钱包中已有此密钥（使用其他名称）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The key file cannot be read.</source>
        <translation>无法读取该密钥文件。</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Reading the keys on the token…</source>
        <translation>正在读取令牌上的密钥…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>There are no keys on this token.</source>
        <translation>此令牌上没有密钥。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose a key…</source>
        <translation>选择一个密钥…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Keys on the token: {0}; {1} can be added.</source>
        <translation>令牌上的密钥：{0} 个；其中 {1} 个可以添加。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keys on the token: {0}; none can be added (in the wallet already, or not signing keys).</source>
        <translation>令牌上的密钥：{0} 个；没有可添加的（已在钱包中，或不是签名密钥）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>EC on another curve</source>
        <translation>其他曲线上的 EC 密钥</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>another type</source>
        <translation>其他类型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(no label)</source>
        <translation>（无标签）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>id {0}</source>
        <translation>ID {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>in the wallet as “{0}”</source>
        <translation>已在钱包中，名称为“{0}”</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cannot sign for the chain</source>
        <translation>不能为本链签名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no public key or id on the token</source>
        <translation>令牌上没有公钥或 ID</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>A key file</source>
        <translation>密钥文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Key files (*.json)</source>
        <translation>密钥文件 (*.json)</translation>
    </message>
</context>
<context>
    <name>KeysModel</name>
    <message>
        <location filename="../../app/models/keys_model.py" line="+56"/>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Own account</source>
        <translation>自身账户</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kept in</source>
        <translation>保存位置</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Scheme</source>
        <translation>算法</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Retired {0}</source>
        <translation>已停用于 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Watch-only</source>
        <translation>仅观察</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unlocked</source>
        <translation>已解锁</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Locked (remembered in the keyring)</source>
        <translation>已锁定（已记住在系统钥匙串中）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
</context>
<context>
    <name>KeysTab</name>
    <message>
        <location filename="../../app/wallet_tabs/keys_tab.py" line="+65"/>
        <source>New key…</source>
        <translation>新建密钥…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Make a new key: an encrypted key file, or a key on a security token</source>
        <translation>生成新密钥：加密密钥文件，或安全令牌上的密钥</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import key…</source>
        <translation>导入密钥…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add an existing key: a Depot key file, or a key on a security token</source>
        <translation>添加已有的密钥：Depot 密钥文件，或安全令牌上的密钥</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unlock…</source>
        <translation>解锁…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Replace the current account&apos;s key…</source>
        <translation>更换当前账户的密钥…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Back up wallet…</source>
        <translation>备份钱包…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save every key and the address book in one file sealed with a passphrase</source>
        <translation>将全部密钥和通讯录保存到一个用口令加密的文件中</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Restore from backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add the keys and contacts of a wallet backup to this wallet</source>
        <translation>将钱包备份中的密钥和联系人加入本钱包</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Each key signs for an account. Keys in files are encrypted with their password; keys on a security token never leave it.</source>
        <translation>每个密钥为一个账户签名。文件中的密钥由其密码加密；安全令牌上的密钥永远不会离开令牌。</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>This session has no wallet to add keys to.</source>
        <translation>本次会话没有可添加密钥的钱包。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This session has no wallet to back up.</source>
        <translation>本次会话没有可备份的钱包。</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>“{0}” is in the wallet; its account is {1}.</source>
        <translation>“{0}”已加入钱包，其账户为 {1}。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Backup written to {0}. Keep it and its passphrase in separate safe places.</source>
        <translation>备份已写入 {0}。请将备份和口令分别存放在安全的地方。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Keys restored: {0} ({1}). Contacts added: {2}. Keys already here, skipped: {3}.</source>
        <translation>已恢复的密钥：{0} 个（{1}）。已添加的联系人：{2} 个。已存在而跳过的密钥：{3} 个。</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Creating the new key…</source>
        <translation>正在创建新密钥…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Not replaced. The new key “{0}” stays in the wallet, unused.</source>
        <translation>未更换。新密钥“{0}”保留在钱包中，未被使用。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The account now signs with “{0}”; “{1}” is retired.</source>
        <translation>该账户现在使用“{0}”签名；“{1}”已停用。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/main_window.py" line="+63"/>
        <source>Depot</source>
        <translation>Depot</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Lock keys</source>
        <translation>锁定密钥(&amp;L)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lock every unlocked key now</source>
        <translation>立即锁定所有已解锁的密钥</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Height: —</source>
        <translation>高度：—</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Keys locked</source>
        <translation>密钥已锁定</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Key unlocked</source>
        <translation>密钥已解锁</translation>
    </message>
    <message>
        <location line="+5"/>
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
        <location filename="../../app/pages/overview_page.py" line="+41"/>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location line="+25"/>
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
        <location line="+52"/>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location line="+36"/>
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
        <source>In minor units: {0}</source>
        <translation>最小单位：{0}</translation>
    </message>
</context>
<context>
    <name>ReceiveTab</name>
    <message>
        <location filename="../../app/wallet_tabs/receive_tab.py" line="+42"/>
        <source>Give this address to whoever pays you. It carries a checksum, so a mistyped copy is refused.</source>
        <translation>将此地址提供给付款方。地址带有校验码，抄错的地址会被拒绝。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Copy address</source>
        <translation>复制地址</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Copied.</source>
        <translation>已复制。</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../app/dialogs/restore_dialog.py" line="+83"/>
        <source>key file</source>
        <translation>密钥文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>security token</source>
        <translation>安全令牌</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>watch-only</source>
        <translation>仅观察</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Adds the keys and contacts of a Depot wallet backup to this wallet. First the backup is opened and you see what it would add; nothing changes until you press Restore. Keys and contacts this wallet already has are left as they are.</source>
        <translation>将 Depot 钱包备份中的密钥和联系人加入本钱包。先打开备份，查看将要添加的内容；在按下“恢复”之前不会有任何改变。本钱包已有的密钥和联系人保持不变。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the backup file</source>
        <translation>备份文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the passphrase the backup was sealed with</source>
        <translation>加密备份时使用的口令</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Backup file:</source>
        <translation>备份文件：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passphrase:</source>
        <translation>口令：</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Open a backup</source>
        <translation>打开备份</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Depot backups (*.json);;All files (*)</source>
        <translation>Depot 备份 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Open backup</source>
        <translation>打开备份</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Choose the backup file.</source>
        <translation>请选择备份文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>There is no file at this path.</source>
        <translation>此路径下没有文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the backup&apos;s passphrase.</source>
        <translation>请输入备份的口令。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This passphrase does not open the backup.</source>
        <translation>此口令无法打开该备份。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This backup was altered after it was written and cannot be trusted; nothing was restored.</source>
        <translation>该备份在写入后被改动过，不可信任；未恢复任何内容。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This file is not a Depot wallet backup, or it is damaged.</source>
        <translation>该文件不是 Depot 钱包备份，或已损坏。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This backup opens, but an entry in it is damaged ({0}); nothing was restored.</source>
        <translation>此备份可以打开，但其中有一项已损坏（{0}）；未恢复任何内容。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A file in this wallet&apos;s key folder that the wallet does not list is in the way of a key of the backup ({0}); move it aside and try again. Nothing was restored.</source>
        <translation>本钱包密钥文件夹中有一个未列入钱包的文件与备份中的某个密钥冲突（{0}）；请将其移走后重试。未恢复任何内容。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A key in this backup is damaged: {0}</source>
        <translation>备份中的一个密钥已损坏：{0}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Restoring the keys and contacts…</source>
        <translation>正在恢复密钥和联系人…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opening the backup (this takes a few seconds on purpose, to resist guessing)…</source>
        <translation>正在打开备份（为抵御猜测，需要几秒钟）…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The backup cannot be read: {0}</source>
        <translation>无法读取备份：{0}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Backup made {0}.</source>
        <translation>备份时间：{0}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keys to add ({0}):</source>
        <translation>将添加的密钥（{0} 个）：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No key to add.</source>
        <translation>没有要添加的密钥。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Skipped, already in this wallet ({0}):</source>
        <translation>跳过（本钱包已有，{0} 个）：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} — already in this wallet</source>
        <translation>{0} — 本钱包中已有</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} — the same key is here as “{1}”</source>
        <translation>{0} — 同一密钥已以“{1}”存在</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} — the wallet has another key with this name</source>
        <translation>{0} — 钱包中已有另一个同名密钥</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Address book: new contacts to add: {0}; already there, kept as they are: {1}.</source>
        <translation>通讯录：将添加的新联系人 {0} 个；已存在并保持不变的 {1} 个。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Payment history: addresses the backup records more payments to: {0}; their counts are raised.</source>
        <translation>付款记录：备份中付款次数更多的地址 {0} 个；将提高这些地址的次数。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing has changed yet. Press Restore to add these.</source>
        <translation>尚未做任何更改。按“恢复”添加以上内容。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing to restore: this wallet already has everything in the backup.</source>
        <translation>无需恢复：本钱包已包含备份中的全部内容。</translation>
    </message>
</context>
<context>
    <name>RoleSwitcher</name>
    <message>
        <location filename="../../app/role_switcher.py" line="+29"/>
        <source>Acting as:</source>
        <translation>当前身份：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Switch the account (and so the role) you act as</source>
        <translation>切换您使用的账户（及其角色）</translation>
    </message>
</context>
<context>
    <name>RotateKeyDialog</name>
    <message>
        <location filename="../../app/dialogs/rotate_key_dialog.py" line="+72"/>
        <source>Replace the signing key</source>
        <translation>更换签名密钥</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A new key replaces the current one for “{0}”. Balances and records stay with the account; the old key stops signing once the change is final.</source>
        <translation>新密钥将替换“{0}”的当前密钥。余额和记录仍属于该账户；变更最终确认后，旧密钥将无法再签名。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Encrypted key file on this computer</source>
        <translation>本机上的加密密钥文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Security token (PKCS#11)</source>
        <translation>安全令牌（PKCS#11）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Repeat:</source>
        <translation>再次输入：</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>PKCS#11 module:</source>
        <translation>PKCS#11 模块：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Token label:</source>
        <translation>令牌标签：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Token PIN:</source>
        <translation>令牌 PIN：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>New key name:</source>
        <translation>新密钥名称：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep it in:</source>
        <translation>保存位置：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Continue…</source>
        <translation>继续…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Name the new key.</source>
        <translation>请为新密钥命名。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use 1–64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</source>
        <translation>请使用 1–64 个字母、数字、“.”、“_”或“-”，并以字母或数字开头。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The wallet already has a key with this name.</source>
        <translation>钱包中已有同名密钥。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>At least {0} characters.</source>
        <translation>至少 {0} 个字符。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Give the path of the PKCS#11 module.</source>
        <translation>请填写 PKCS#11 模块的路径。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>There is no file at this path.</source>
        <translation>此路径下没有文件。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Give the token&apos;s label.</source>
        <translation>请填写令牌标签。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the token&apos;s PIN.</source>
        <translation>请输入令牌 PIN。</translation>
    </message>
</context>
<context>
    <name>SendTab</name>
    <message>
        <location filename="../../app/wallet_tabs/send_tab.py" line="+54"/>
        <source>depot1… (paste the recipient&apos;s address)</source>
        <translation>depot1…（粘贴收款方地址）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>0.00</source>
        <translation>0.00</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>units</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whole balance</source>
        <translation>全部余额</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>e.g. invoice number, for the recipient&apos;s records</source>
        <translation>例如发票号，供收款方对账</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pay to:</source>
        <translation>收款方：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount:</source>
        <translation>金额：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Available:</source>
        <translation>可用：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review and send…</source>
        <translation>核对并发送…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Contact: {0}</source>
        <translation>联系人：{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not in your address book: you have never paid this address.</source>
        <translation>不在地址簿中：您从未向此地址付款。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>= {0} in minor units</source>
        <translation>= {0} 最小单位</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The note is too long: at most {0} bytes.</source>
        <translation>备注过长：最多 {0} 字节。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The note cannot contain control characters.</source>
        <translation>备注不能包含控制字符。</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Not sent.</source>
        <translation>未发送。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sent {0} to {1}: final in block {2} (transaction {3}).</source>
        <translation>已向 {1} 发送 {0}：已在区块 {2} 最终确认（交易 {3}）。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../app/pages/settings_page.py" line="+48"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>One node URL per line, e.g. https://node.core-corp.example</source>
        <translation>每行一个节点 URL，例如 https://node.core-corp.example</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Light node</source>
        <translation>轻节点</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Full node</source>
        <translation>全节点</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network:</source>
        <translation>网络：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Peers:</source>
        <translation>对等节点：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Node type:</source>
        <translation>节点类型：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Default folder</source>
        <translation>默认文件夹</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+31"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Data folder:</source>
        <translation>数据文件夹：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Theme:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>e.g. /usr/lib/softhsm/libsofthsm2.so, opensc-pkcs11.dll</source>
        <translation>例如 /usr/lib/softhsm/libsofthsm2.so、opensc-pkcs11.dll</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>After {0} min without use</source>
        <translation>闲置 {0} 分钟后</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keys</source>
        <translation>密钥</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PKCS#11 module:</source>
        <translation>PKCS#11 模块：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lock keys:</source>
        <translation>锁定密钥：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Consortium “{0}”, chain {1}, genesis {2}…</source>
        <translation>联盟“{0}”，链 {1}，创世 {2}…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The demo network on this computer</source>
        <translation>本机上的演示网络</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>List at least one peer to connect to.</source>
        <translation>请至少列出一个可连接的节点。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Give the full path of the folder.</source>
        <translation>请填写文件夹的完整路径。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This is a file, not a folder.</source>
        <translation>这是文件，不是文件夹。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>There is no file at this path.</source>
        <translation>此路径下没有文件。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Not saved: correct the fields marked above.</source>
        <translation>未保存：请更正上方标出的字段。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>peers</source>
        <translation>对等节点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>node type</source>
        <translation>节点类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Saved. The change of {0} takes effect when Depot starts again.</source>
        <translation>已保存。{0}的更改将在 Depot 重新启动后生效。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>PKCS#11 module</source>
        <translation>PKCS#11 模块</translation>
    </message>
</context>
<context>
    <name>SigningDialog</name>
    <message>
        <location filename="../../app/dialogs/signing_dialog.py" line="+75"/>
        <source>Review and sign</source>
        <translation>核对并签名</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>What you are signing</source>
        <translation>您要签署的内容</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>From:</source>
        <translation>付款方：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Moves:</source>
        <translation>转移金额：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Network:</source>
        <translation>网络：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sequence number:</source>
        <translation>序号：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Valid until:</source>
        <translation>有效期至：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Signatures:</source>
        <translation>签名：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This account needs {0} signatures; this is one of them.</source>
        <translation>该账户需要 {0} 个签名；这是其中之一。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Signing</source>
        <translation>签名</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} — {1}, {2}</source>
        <translation>{0} — {1}，{2}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Key:</source>
        <translation>密钥：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Transaction id {0}. A second device shows the same fingerprint.</source>
        <translation>交易 ID {0}。另一台设备会显示相同的指纹。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Digest fingerprint:</source>
        <translation>摘要指纹：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This transaction cannot be signed</source>
        <translation>无法签署此交易</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Unlock the key</source>
        <translation>解锁密钥</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Token PIN:</source>
        <translation>令牌 PIN：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Demo account: its published demo password is filled in.</source>
        <translation>演示账户：已填入公开的演示密码。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confirm and send</source>
        <translation>确认并发送</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>{0} key {1}</source>
        <translation>{0} 密钥 {1}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Enter the password to unlock the key.</source>
        <translation>请输入密码以解锁密钥。</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../app/dialogs/unlock_dialog.py" line="+37"/>
        <source>Unlock key</source>
        <translation>解锁密钥</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Unlock “{0}” to sign with it.</source>
        <translation>解锁“{0}”以用其签名。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Token PIN:</source>
        <translation>令牌 PIN：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Enter the PIN.</source>
        <translation>请输入 PIN。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Enter the password.</source>
        <translation>请输入密码。</translation>
    </message>
</context>
<context>
    <name>WalletPage</name>
    <message>
        <location filename="../../app/pages/wallet_page.py" line="+30"/>
        <source>Wallet</source>
        <translation>钱包</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In escrow</source>
        <translation>托管中</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Send</source>
        <translation>付款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receive</source>
        <translation>收款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address book</source>
        <translation>地址簿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approvals</source>
        <translation>审批</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keys</source>
        <translation>密钥</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No account</source>
        <translation>没有账户</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add or import a key in the Keys tab.</source>
        <translation>请在“密钥”标签页中添加或导入密钥。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>This account is not registered on the chain yet.</source>
        <translation>该账户尚未在链上注册。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The node sent an unreadable balance.</source>
        <translation>节点返回的余额无法读取。</translation>
    </message>
</context>
<context>
    <name>address_input</name>
    <message>
        <location filename="../../app/address_input.py" line="+26"/>
        <source>Enter the recipient&apos;s address.</source>
        <translation>请输入收款方地址。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A Depot address starts with “{0}1”.</source>
        <translation>Depot 地址以“{0}1”开头。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A Depot address has {0} characters; this one has {1}.</source>
        <translation>Depot 地址有 {0} 个字符；此地址有 {1} 个。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The address mixes capital and small letters; retype it.</source>
        <translation>地址混用了大写和小写字母，请重新输入。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The address checksum does not match: a character is mistyped. Copy the address again from the recipient.</source>
        <translation>地址校验码不匹配：有字符输错。请重新从收款方复制地址。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This is your own account&apos;s address.</source>
        <translation>这是您自己账户的地址。</translation>
    </message>
</context>
<context>
    <name>amount_input</name>
    <message>
        <location filename="../../app/amount_input.py" line="+37"/>
        <source>Enter an amount.</source>
        <translation>请输入金额。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The amount cannot be negative.</source>
        <translation>金额不能为负数。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Type the amount as a number, for example 1250.50.</source>
        <translation>请以数字输入金额，例如 1250.50。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>At most {0} decimal places (the smallest unit is 0.01).</source>
        <translation>最多 {0} 位小数（最小单位为 0.01）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The amount must be greater than zero.</source>
        <translation>金额必须大于零。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>More than the available balance ({0}).</source>
        <translation>超过可用余额（{0}）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The amount is too large.</source>
        <translation>金额过大。</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <location filename="../../app/services.py" line="-58"/>
        <source>Unlocking and signing…</source>
        <translation>正在解锁并签名…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Sending and waiting for the block…</source>
        <translation>正在发送并等待出块…</translation>
    </message>
</context>
<context>
    <name>error_text</name>
    <message>
        <location filename="../../app/error_text.py" line="+16"/>
        <source>The password is not correct.</source>
        <translation>密码不正确。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The key file was altered and cannot be trusted.</source>
        <translation>密钥文件已被篡改，不可信任。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The key file is damaged or not a key file.</source>
        <translation>密钥文件已损坏或不是密钥文件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The password is too weak: use at least 10 characters.</source>
        <translation>密码太弱：请至少使用 10 个字符。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A wallet file is damaged.</source>
        <translation>钱包文件已损坏。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The wallet has no such key.</source>
        <translation>钱包中没有此密钥。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The wallet already has this key or name.</source>
        <translation>钱包中已有此密钥或名称。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The wallet already has a key with this name.</source>
        <translation>钱包中已有同名密钥。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The wallet already holds this key (under another name).</source>
        <translation>钱包中已有此密钥（使用其他名称）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The backup&apos;s passphrase is not correct.</source>
        <translation>备份口令不正确。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The backup file was altered after it was written and cannot be trusted.</source>
        <translation>备份文件在写入后被改动过，不可信任。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file is damaged or not a Depot backup.</source>
        <translation>该文件已损坏，或不是 Depot 备份。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An entry in the backup is damaged; nothing was restored.</source>
        <translation>备份中有一项已损坏；未恢复任何内容。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A key name is 1–64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>密钥名称为 1–64 个字母、数字、“.”、“_”或“-”。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This account is watch-only: the wallet has no key to sign with.</source>
        <translation>该账户为仅观察：钱包中没有可签名的密钥。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The key is locked; unlock it to sign.</source>
        <translation>密钥已锁定，请解锁后签名。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the key&apos;s password.</source>
        <translation>请输入密钥的密码。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The system keyring cannot be used on this computer.</source>
        <translation>本机无法使用系统钥匙串。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The security token reported an error.</source>
        <translation>安全令牌报告了错误。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The PKCS#11 module could not be loaded; check its path in Settings.</source>
        <translation>无法加载 PKCS#11 模块，请在“设置”中检查其路径。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The security token is not connected.</source>
        <translation>安全令牌未连接。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token PIN is not correct.</source>
        <translation>令牌 PIN 不正确。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token&apos;s PIN is locked after too many wrong tries.</source>
        <translation>错误次数过多，令牌 PIN 已被锁定。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The security token was removed.</source>
        <translation>安全令牌已被移除。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The key is not on this token.</source>
        <translation>此令牌上没有该密钥。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token already holds a key with this id.</source>
        <translation>令牌上已有相同 ID 的密钥。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token cannot make this kind of signature; use a P-256 key.</source>
        <translation>令牌无法生成此类签名，请使用 P-256 密钥。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The token returned an invalid signature; nothing was sent.</source>
        <translation>令牌返回了无效签名；未发送任何内容。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The transaction is not valid: {0}</source>
        <translation>交易无效：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The transaction cannot be shown faithfully, so it must not be signed.</source>
        <translation>无法如实显示该交易，因此不得签署。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This wallet does not know this kind of transaction and refuses to sign it.</source>
        <translation>本钱包不认识此类交易，拒绝签署。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This transaction version is newer than this wallet; it is refused.</source>
        <translation>该交易版本比本钱包新，已拒绝。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The transaction bytes are not in canonical form; they are refused.</source>
        <translation>交易字节不是规范编码，已拒绝。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The transaction was altered after it was built; it is refused.</source>
        <translation>交易在生成后被修改，已拒绝。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This account is not registered on the chain yet.</source>
        <translation>该账户尚未在链上注册。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The transaction was included but failed: {0}</source>
        <translation>交易已上链但执行失败：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The transaction was sent but is not final yet; check the history in a moment.</source>
        <translation>交易已发送但尚未最终确认，请稍后查看历史记录。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The wallet holds no key for this account.</source>
        <translation>钱包中没有该账户的密钥。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No account is selected.</source>
        <translation>未选择账户。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The settings could not be saved: {0}</source>
        <translation>无法保存设置：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The network file is not valid: {0}</source>
        <translation>网络文件无效：{0}</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>This key is not remembered on this computer: enter its password.</source>
        <translation>此密钥未在本机记住：请输入其密码。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The system keyring cannot be used now: enter the key&apos;s password.</source>
        <translation>系统钥匙串当前不可用：请输入密钥的密码。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The keyring no longer holds this key&apos;s secret: enter its password.</source>
        <translation>钥匙串中已没有此密钥的解锁凭据：请输入其密码。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The remembered copy could not be opened: enter the key&apos;s password.</source>
        <translation>无法打开记住的副本：请输入密钥的密码。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The key is on a security token: enter the token&apos;s PIN.</source>
        <translation>密钥在安全令牌上：请输入令牌 PIN。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Watch-only: there is no key to unlock.</source>
        <translation>仅观察：没有可解锁的密钥。</translation>
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
        <location filename="../../app/gui.py" line="+439"/>
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
<context>
    <name>network_file</name>
    <message>
        <location filename="../../app/network_file.py" line="+38"/>
        <source>“{0}” is not a URL.</source>
        <translation>“{0}”不是 URL。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>“{0}” must start with http:// or https://.</source>
        <translation>“{0}”必须以 http:// 或 https:// 开头。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“{0}” has no host name.</source>
        <translation>“{0}”缺少主机名。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“{0}” has an impossible port.</source>
        <translation>“{0}”的端口号无效。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The network file is not a JSON object.</source>
        <translation>网络文件不是 JSON 对象。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The network file names no chain (chain_id).</source>
        <translation>网络文件未指明链（chain_id）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The genesis hash must be 64 hexadecimal characters.</source>
        <translation>创世哈希必须是 64 个十六进制字符。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The network file lists no peers to connect to.</source>
        <translation>网络文件未列出可连接的节点。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A peer is not text.</source>
        <translation>有节点不是文本。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The network file is not valid: {0}</source>
        <translation>网络文件无效：{0}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The file is too large to be a network file.</source>
        <translation>文件过大，不是网络文件。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is no file at this path.</source>
        <translation>此路径下没有文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This is a folder, not a file.</source>
        <translation>这是文件夹，不是文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file is not text (UTF-8).</source>
        <translation>该文件不是文本（UTF-8）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file cannot be read: {0}</source>
        <translation>无法读取文件：{0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The file is not valid JSON (line {0}, column {1}).</source>
        <translation>文件不是有效的 JSON（第 {0} 行，第 {1} 列）。</translation>
    </message>
</context>
<context>
    <name>tx_text</name>
    <message>
        <location filename="../../app/tx_text.py" line="+20"/>
        <source>Pay settlement tokens to another account</source>
        <translation>向另一账户支付结算代币</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Issue settlement tokens (bank)</source>
        <translation>发行结算代币（银行）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redeem settlement tokens (bank)</source>
        <translation>兑付结算代币（银行）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace one of this account&apos;s signing keys</source>
        <translation>更换该账户的一个签名密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change who signs for this account and how many signatures it needs</source>
        <translation>更改该账户的签名人及所需签名数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Propose a transaction for an organisation account</source>
        <translation>为机构账户提议一笔交易</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve a pending organisation-account transaction</source>
        <translation>批准一笔待处理的机构账户交易</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withdraw a pending approval request</source>
        <translation>撤回待处理的审批请求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Propose a governance action</source>
        <translation>提议治理事项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vote on a governance proposal</source>
        <translation>对治理提案投票</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confirm an order with stock now available</source>
        <translation>库存已到位，确认订单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confirm a delivery and settle it</source>
        <translation>确认收货并结算</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dispatch an order</source>
        <translation>订单发货</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dispute an order before settlement</source>
        <translation>在结算前对订单提出争议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolve a disputed order</source>
        <translation>裁决有争议的订单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settle a delivered order now</source>
        <translation>立即结算已交付的订单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry an order&apos;s escrow with funds now available</source>
        <translation>资金已到位，重新托管订单款项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accept a tank&apos;s proposed terms</source>
        <translation>接受储罐的拟定条款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record stock received or removed</source>
        <translation>登记入库或出库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Propose a tank&apos;s terms</source>
        <translation>拟定储罐条款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Register a supplier storage tank</source>
        <translation>登记供应商储罐</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Relay signed tank level readings</source>
        <translation>转发已签名的液位读数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unbind a gateway device key from a tank</source>
        <translation>解除储罐与网关设备密钥的绑定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withdraw or decline a tank&apos;s proposed terms</source>
        <translation>撤回或拒绝储罐的拟定条款</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Pay to</source>
        <translation>收款方</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+14"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Key being replaced</source>
        <translation>被替换的密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New key</source>
        <translation>新密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signer key</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signatures needed</source>
        <translation>所需签名数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signatures needed for large amounts</source>
        <translation>大额所需签名数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Large amount from</source>
        <translation>大额起点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approval request</source>
        <translation>审批请求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation account</source>
        <translation>机构账户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proposed transaction</source>
        <translation>提议的交易</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deadline</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quantity (litres)</source>
        <translation>数量（升）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tank</source>
        <translation>储罐</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proposal</source>
        <translation>提案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Proposed action</source>
        <translation>提议的操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proposed content</source>
        <translation>提议的内容</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{0} (in minor units: {1})</source>
        <translation>{0}（最小单位：{1}）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>First-time recipient: not in your address book and never paid from this wallet. Check the address with the recipient.</source>
        <translation>首次收款方：不在您的地址簿中，且本钱包从未向其付款。请与收款方核对地址。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The text contains invisible or direction-changing characters: {0}</source>
        <translation>文本包含不可见或改变方向的字符：{0}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Encrypted key file on this computer</source>
        <translation>本机上的加密密钥文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Security token (PKCS#11)</source>
        <translation>安全令牌（PKCS#11）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Watch-only (no key)</source>
        <translation>仅观察（无密钥）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Windows platform key (TPM)</source>
        <translation>Windows 平台密钥（TPM）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>macOS Secure Enclave</source>
        <translation>macOS 安全隔区</translation>
    </message>
</context>
</TS>
